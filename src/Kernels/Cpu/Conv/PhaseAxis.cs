// One axis of a stride-2 convolution split by input phase: input pixel i = 2 u + a (phase a in {0, 1}) is read
// only by the kernel taps r with a + pad - r even, each from output position u + shift, shift = (a + pad - r) / 2.
// Letters as in ConvGeometry; PhaseConv and PhaseConvWeight turn each phase pair into one dense stride-1 GEMM.
namespace Engine.Kernels.Cpu.Conv;


internal readonly struct PhaseAxis
{
    public const int MaxKernel = 16;

    private readonly int[] _taps, _shifts, _start;
    private readonly int _pad;

    /// <summary>Axis of input length <paramref name="input"/>, output length <paramref name="output"/>, kernel, padding.</summary>
    public PhaseAxis(int input, int output, int kernel, int pad)
    {
        Output = output;
        _pad = pad;
        _taps = new int[kernel];
        _shifts = new int[kernel];
        _start = new int[3];
        int t = 0, min = 0, max = 0;
        for (int a = 0; a < 2; a++)
        {
            _start[a] = t;
            for (int r = 0; r < kernel; r++)
            {
                if (((a + pad - r) & 1) == 0)
                {
                    int shift = (a + pad - r) >> 1;
                    _taps[t] = r;
                    _shifts[t++] = shift;
                    min = Math.Min(min, shift);
                    max = Math.Max(max, shift);
                }
            }
        }
        _start[2] = t;
        MinShift = min;
        MaxShift = max;
        Count0 = (input + 1) / 2;
        Count1 = input / 2;
    }

    public int Output { get; }

    public int MinShift { get; }   // at most 0

    public int MaxShift { get; }   // at least 0

    public int Count0 { get; }     // input pixels of phase 0

    public int Count1 { get; }

    public int Count(int a) => a == 0 ? Count0 : Count1;

    public int TapCount(int a) => _start[a + 1] - _start[a];

    public int Tap(int a, int i) => _taps[_start[a] + i];

    public int Shift(int a, int i) => _shifts[_start[a] + i];

    /// <summary>The phase tap r reads and its shift: the a in {0, 1} with a + pad - r even.</summary>
    public (int Phase, int Shift) PhaseOf(int tap)
    {
        int a = (tap - _pad) & 1;
        return (a, (a + _pad - tap) >> 1);
    }

    /// <summary>Whether the phase split applies: stride 2 on both axes, kernels up to MaxKernel.</summary>
    public static bool Applies(ConvGeometry g) =>
        g.StrideH == 2 && g.StrideW == 2 && g.R <= MaxKernel && g.S <= MaxKernel;
}
