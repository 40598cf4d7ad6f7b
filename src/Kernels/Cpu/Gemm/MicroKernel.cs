// The SGEMM micro-kernel contract: C[MR x NR] = alpha * (A panel)(B panel) + beta * C, over kc steps of
// packed panels (A: kc groups of MR row values, B: kc groups of NR column values), or of operands read in place:
// a stride per step (RunStrided) or a pointer per step (RunRows). One body walks all three (IStepWalk). beta = 0
// never reads C. MicroKernels.Run is the one place a SIMD width is turned into a kernel type.
namespace Engine.Kernels.Cpu.Gemm;

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Engine.Kernels.Cpu.Simd;

internal unsafe interface IMicroKernel
{
    /// <summary>Rows of C per tile (the packed A panel width).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (the packed B panel width).</summary>
    static abstract int NR { get; }

    /// <summary>c points at the tile's top-left element; ldc is the row stride of C.</summary>
    static abstract void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta);

    /// <summary>
    /// The same over operands read in place: step p's MR values of A at a + p lda, its NR values of B at b + p ldb
    /// (StridedGemm: depth-major operands need no packing). Run is this with lda = MR, ldb = NR.
    /// </summary>
    static abstract void RunStrided(int kc, float* a, int lda, float* b, int ldb, float* c, int ldc, float alpha, float beta);

    /// <summary>
    /// The same with A packed (as Run) and step p's NR values of B at bRows[p] + bOffset: B given a pointer per depth row
    /// (the phase-split convolutions' shifted planes, RowGemm), read in place.
    /// </summary>
    static abstract void RunRows(int kc, float* a, float** bRows, int bOffset, float* c, int ldc, float alpha, float beta);
}

/// <summary>How a micro-kernel walks an operand: Next() gives step p's values, p = 0, 1, ... in turn.</summary>
internal unsafe interface IStepWalk
{
    float* Next();
}

/// <summary>Steps a fixed stride apart (packed panels: MR for A, NR for B).</summary>
internal unsafe struct StridedSteps(float* a, int stride) : IStepWalk
{
    private float* _a = a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Next()
    {
        float* at = _a;
        _a += stride;
        return at;
    }
}

/// <summary>Step p at rows[p] + offset.</summary>
internal unsafe struct RowSteps(float** rows, int offset) : IStepWalk
{
    private float** _rows = rows;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Next() => *_rows++ + offset;
}

/// <summary>The portable fallback: a 4 x 4 tile in scalar registers.</summary>
internal readonly unsafe struct ScalarKernel : IMicroKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, 4), new StridedSteps(b, 4), c, ldc, alpha, beta);

    public static void RunStrided(int kc, float* a, int lda, float* b, int ldb, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, lda), new StridedSteps(b, ldb), c, ldc, alpha, beta);

    public static void RunRows(int kc, float* a, float** bRows, int bOffset, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, 4), new RowSteps(bRows, bOffset), c, ldc, alpha, beta);

    private static void Core<TA, TB>(int kc, TA aSteps, TB bSteps, float* c, int ldc, float alpha, float beta)
        where TA : struct, IStepWalk where TB : struct, IStepWalk
    {
        float* acc = stackalloc float[16];
        for (int i = 0; i < 16; i++)
        {
            acc[i] = 0f;
        }
        for (int p = 0; p < kc; p++)
        {
            float* a = aSteps.Next(), b = bSteps.Next();
            for (int i = 0; i < 4; i++)
            {
                float x = a[i];
                acc[i * 4 + 0] += x * b[0];
                acc[i * 4 + 1] += x * b[1];
                acc[i * 4 + 2] += x * b[2];
                acc[i * 4 + 3] += x * b[3];
            }
        }
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                float* at = c + i * ldc + j;
                *at = beta == 0f ? alpha * acc[i * 4 + j] : alpha * acc[i * 4 + j] + beta * *at;
            }
        }
    }
}

/// <summary>Work to run with one width's micro-kernel: <see cref="MicroKernels.Run"/> picks the kernel, the job does the rest.</summary>
internal interface IKernelJob
{
    void Run<TKernel>() where TKernel : struct, IMicroKernel;
}

/// <summary>The one place a SIMD width becomes a micro-kernel type (Sgemm, StridedGemm and RowGemm all come here).</summary>
internal static class MicroKernels
{
    /// <summary>Runs the job with the micro-kernel of that width (Auto: the widest this CPU accelerates).</summary>
    public static void Run<TJob>(SimdLevel level, TJob job) where TJob : struct, IKernelJob
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: job.Run<VecKernel<V512, Vector512<float>>>(); break;
            case SimdLevel.Vector256: job.Run<VecKernel<V256, Vector256<float>>>(); break;
            case SimdLevel.Vector128: job.Run<VecKernel<V128, Vector128<float>>>(); break;
            default: job.Run<ScalarKernel>(); break;
        }
    }

    /// <summary>Columns of C per tile (NR) of that width's micro-kernel.</summary>
    public static int Columns(SimdLevel level) => SimdWidths.Resolve(level) switch
    {
        SimdLevel.Vector512 => VecKernel<V512, Vector512<float>>.NR,
        SimdLevel.Vector256 => VecKernel<V256, Vector256<float>>.NR,
        SimdLevel.Vector128 => VecKernel<V128, Vector128<float>>.NR,
        _ => ScalarKernel.NR,
    };

    /// <summary>Rows of C per tile (MR) of that width's micro-kernel.</summary>
    public static int Rows(SimdLevel level) => SimdWidths.Resolve(level) switch
    {
        SimdLevel.Vector512 => VecKernel<V512, Vector512<float>>.MR,
        SimdLevel.Vector256 => VecKernel<V256, Vector256<float>>.MR,
        SimdLevel.Vector128 => VecKernel<V128, Vector128<float>>.MR,
        _ => ScalarKernel.MR,
    };
}
