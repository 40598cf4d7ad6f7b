// C (M, N) = A B where B is given as a pointer per depth row (rows[p] -> that row's N values, read in place) and A is the
// small weight, packed once per call: the phase-split convolutions (PhaseConvForward, PhaseConv), whose depth rows are
// shifted views of padded planes. The blocked SGEMM (Sgemm.RunRows) copied every shifted row into packed panels first,
// which cost about as much as the multiply; here the micro-kernel (IMicroKernel.RunRows) loads each NR-pixel run of a
// row where it lies, and the MR-row tiles of A reuse those lines from L1. (With the roles swapped, pixels along M and
// the rows broadcast, each tile touched every row's line for MR pixels only: measured 1.5x slower.)
// One thread; the caller splits the work. Whole tiles only: C must have PaddedRows(m) rows and a row stride
// ldc >= RoundUp(n, MaxColumns), and each row of B must be readable MaxColumns floats past n.
namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Simd;

internal static unsafe class RowGemm
{
    /// <summary>The most rows (MR) of any width's tile: C's rows must allow for them.</summary>
    public const int MaxRows = 8;

    /// <summary>The most columns (NR) of any width's tile: C's row stride and B's readable slack.</summary>
    public const int MaxColumns = 32;

    /// <summary>value rounded up to a multiple.</summary>
    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>Rows to allow for m rows in whole tiles of any width (m rounded up to MR = 4, 6 or 8).</summary>
    public static int PaddedRows(int m) => m + MaxRows - 1;

    /// <summary>Floats of A packed for <see cref="Run"/>: (m, k) in zero-padded panels of MR rows.</summary>
    public static int PackedLength(int m, int k) => PaddedRows(m) * k;

    /// <summary>Packs A (m, k), row stride k, for the kernel of this width.</summary>
    public static void Pack(float* a, int m, int k, float* packed, SimdLevel level) =>
        Packing.PackA(a, k, false, 0, m, 0, k, MicroKernels.Rows(level), packed);

    /// <summary>C (m, n) = A (packed by <see cref="Pack"/>) times B, B's row p at rows[p]. Writes (=) whole tiles.</summary>
    public static void Run(float* packed, float** rows, int k, int m, int n, float* c, int ldc, SimdLevel level) =>
        MicroKernels.Run(level, new Job(packed, rows, k, m, n, c, ldc));

    private readonly struct Job(float* packed, float** rows, int k, int m, int n, float* c, int ldc) : IKernelJob
    {
        public void Run<TKernel>() where TKernel : struct, IMicroKernel => RowGemm.Run<TKernel>(packed, rows, k, m, n, c, ldc);
    }

    // Pixel tiles outer (their rows' lines stay in L1), channel tiles inner.
    private static void Run<TKernel>(float* packed, float** rows, int k, int m, int n, float* c, int ldc)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        if (k == 0)
        {
            for (int i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
            return;
        }
        for (int j = 0; j < n; j += nr)
        for (int i = 0; i < m; i += mr)
        {
            TKernel.RunRows(k, packed + (long)i * k, rows, j, c + (long)i * ldc + j, ldc, 1f, 0f);
        }
    }
}
