// Stride-2 forward convolution split by input phase: the input is cut into its four phases (even/odd rows x even/odd
// columns), each copied once onto a zero-padded grid; output (K, pixels) = W (K, C * R * S) x B, where the row of B for
// tap (c, r, s) is the phase plane that tap reads, shifted by a pointer offset (implicit GEMM through a row-pointer
// table, RowGemm: the rows are read in place, not packed). There is no column matrix (im2col's is 2.25x the input for
// a 3 x 3 kernel).
// Output pixel u reads input row 2u - pad + r = 2 (u - shift) + a with (a, shift) of PhaseAxis: the same taps and
// shifts as the backward-data split (PhaseConv), read the other way.
namespace Engine.Kernels.Cpu.Conv;

using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class PhaseConvForward
{
    /// <summary>Floats a chunk of images may take (the phase planes and the GEMM result of a chunk of images stay in L2); Engine.Bench step-ab times other sizes.</summary>
    internal static int ChunkFloats { get; set; } = 1 << 17;

    /// <summary>output (N, K, P, Q) = conv(input (N, C, H, W), weight (K, C, R, S)), stride 2. Writes (=).</summary>
    public static void Forward(float* input, float* weight, ConvGeometry g, float* output, int threads, ScratchPool scratch,
        SimdLevel level)
    {
        var grid = new PhaseGrid(g);
        int images = Math.Clamp(ChunkFloats / ((4 * g.C + g.K) * grid.Size), 1, g.N);
        int depth = g.C * g.R * g.S, ld = RowGemm.RoundUp(images * grid.Size, RowGemm.MaxColumns);
        float[] packed = scratch.Rent(RowGemm.PackedLength(g.K, depth));   // W (K, C * R * S) packed once for every chunk
        try
        {
            fixed (float* pw = packed)
            {
                RowGemm.Pack(weight, g.K, depth, pw, level);
                nint x = (nint)input, w = (nint)pw, y = (nint)output;
                CpuParallel.ForRanges(g.N, threads, 1, (n0, n1) =>
                {
                    float[] phases = scratch.Rent(4 * g.C * images * grid.Size + grid.Slack + RowGemm.MaxColumns);
                    float[] result = scratch.Rent(RowGemm.PaddedRows(g.K) * ld);
                    float[] rows = scratch.Rent(2 * depth);   // one pointer (two floats' room) per tap
                    try
                    {
                        fixed (float* pPhases = phases, pResult = result, pRows = rows)
                        {
                            for (int n = n0; n < n1; n += images)
                            {
                                int count = Math.Min(images, n1 - n);
                                grid.Split((float*)x, n, count, pPhases);
                                grid.PointRows(pPhases, count, (float**)pRows);
                                RowGemm.Run((float*)w, (float**)pRows, depth, g.K, grid.Used(count), pResult, ld, level);
                                grid.Store(pResult, ld, n, count, (float*)y);
                            }
                        }
                    }
                    finally
                    {
                        scratch.Return(rows);
                        scratch.Return(result);
                        scratch.Return(phases);
                    }
                }, align: 1);
            }
        }
        finally
        {
            scratch.Return(packed);
        }
    }

    // The padded grid shared by the four phase planes and the output: output pixel (u, v) is column u * Width + v; phase
    // pixel (i, j) lies at (i + Top) * Width + j + Left, zeros around it; tap (r, s) reads its plane from offset
    // (Top - shift_r) * Width + Left - shift_s, so every valid output column reads the right phase pixel or a zero.
    private readonly struct PhaseGrid
    {
        private readonly ConvGeometry _g;
        private readonly PhaseAxis _rows, _columns;

        public PhaseGrid(ConvGeometry g)
        {
            _g = g;
            _rows = new PhaseAxis(g.H, g.P, g.R, g.PadH);
            _columns = new PhaseAxis(g.W, g.Q, g.S, g.PadW);
            Top = _rows.MaxShift;
            Left = _columns.MaxShift;
            Height = Math.Max(_rows.Count0 + Top, g.P + Top - _rows.MinShift);
            Width = Math.Max(_columns.Count0 + Left, g.Q + Left - _columns.MinShift);
        }

        public int Top { get; }
        public int Left { get; }
        public int Height { get; }
        public int Width { get; }
        public int Size => Height * Width;

        // Beyond the last plane: the tap with the largest offset reads this far past a plane's start over `Used` columns.
        public int Slack => (Top - _rows.MinShift + 1) * Width + Left - _columns.MinShift + 1;

        // Output columns of `count` images up to the last valid pixel (the GEMM's n).
        public int Used(int count) => (count - 1) * Size + (_g.P - 1) * Width + _g.Q;

        // phases [a][b][c][image][Height][Width] = input images n .. n + count - 1 split by row and column parity.
        public void Split(float* input, int n, int count, float* phases)
        {
            int plane = count * Size;
            new Span<float>(phases, 4 * _g.C * plane + Slack).Clear();
            for (int c = 0; c < _g.C; c++)
            for (int i = 0; i < count; i++)
            {
                float* src = input + ((long)(n + i) * _g.C + c) * _g.H * _g.W;
                for (int a = 0; a < 2; a++)
                {
                    int rowsOfPhase = _rows.Count(a);
                    float* even = phases + ((long)(2 * a) * _g.C + c) * plane + i * Size + Top * Width + Left;
                    float* odd = even + (long)_g.C * plane;   // phase (a, 1)
                    for (int y = 0; y < rowsOfPhase; y++)
                    {
                        Lanes.Deinterleave(src + (2 * y + a) * _g.W, _columns.Count0, _columns.Count1, even + y * Width, odd + y * Width);
                    }
                }
            }
        }

        // rows[(c * R + r) * S + s]: tap (c, r, s)'s view of its phase plane (W's column order, so W needs no copy).
        public void PointRows(float* phases, int count, float** rows)
        {
            int plane = count * Size;
            for (int c = 0; c < _g.C; c++)
            for (int r = 0; r < _g.R; r++)
            for (int s = 0; s < _g.S; s++)
            {
                var (a, shiftRow) = _rows.PhaseOf(r);
                var (b, shiftColumn) = _columns.PhaseOf(s);
                rows[(c * _g.R + r) * _g.S + s] = phases + ((long)(2 * a + b) * _g.C + c) * plane
                    + (Top - shiftRow) * Width + Left - shiftColumn;
            }
        }

        // result (K, ld): row k, pixel column i * Size + u * Width + v -> output (N, K, P, Q), the valid pixels of each grid.
        public void Store(float* result, int ld, int n, int count, float* output)
        {
            for (int i = 0; i < count; i++)
            for (int k = 0; k < _g.K; k++)
            {
                float* src = result + (long)k * ld + i * Size;
                float* dst = output + ((long)(n + i) * _g.K + k) * _g.P * _g.Q;
                for (int u = 0; u < _g.P; u++)
                {
                    new ReadOnlySpan<float>(src + u * Width, _g.Q).CopyTo(new Span<float>(dst + u * _g.Q, _g.Q));
                }
            }
        }
    }
}
