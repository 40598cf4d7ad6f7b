// The SGEMM micro-kernel, written once over the vector width: an MR x (2 vectors) tile of C in 2 MR accumulators,
// one broadcast of A and two loads of B per k step. MR is 8 on AVX-512 (16 zmm accumulators of its 32 registers) and
// 6 on AVX2, SSE and NEON (12 accumulators + 2 B + 1 A = 15 of x86's 16 registers); the JIT compiles each width
// separately and drops rows 6 and 7 where MR is 6 (a constant per instantiation). The accumulators are raw vector
// locals (IVecRaw) spelled out one by one, so the JIT keeps each in one register and updates it in place.

namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Simd;

/// <summary>The micro-kernel at the width of TVec (V128, V256, V512), whose raw .NET vector type is TRaw.</summary>
internal readonly unsafe struct VecKernel<TVec, TRaw> : IMicroKernel
    where TVec : unmanaged, IVec<TVec>, IVecRaw<TRaw> where TRaw : unmanaged
{
    public static int MR { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => TVec.Count == 16 ? 8 : 6; }

    public static int NR { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 2 * TVec.Count; }

    public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, MR), new StridedSteps(b, NR), c, ldc, alpha, beta);

    public static void RunStrided(int kc, float* a, int lda, float* b, int ldb, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, lda), new StridedSteps(b, ldb), c, ldc, alpha, beta);

    public static void RunRows(int kc, float* a, float** bRows, int bOffset, float* c, int ldc, float alpha, float beta) =>
        Core(kc, new StridedSteps(a, MR), new RowSteps(bRows, bOffset), c, ldc, alpha, beta);

    // The one body: TA and TB say where step p's MR values of A and NR values of B lie (the JIT compiles each walk in).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Core<TA, TB>(int kc, TA aSteps, TB bSteps, float* c, int ldc, float alpha, float beta)
        where TA : struct, IStepWalk where TB : struct, IStepWalk
    {
        int n = TVec.Count, mr = MR;
        TRaw c00 = TVec.RawZero, c01 = TVec.RawZero;
        TRaw c10 = TVec.RawZero, c11 = TVec.RawZero;
        TRaw c20 = TVec.RawZero, c21 = TVec.RawZero;
        TRaw c30 = TVec.RawZero, c31 = TVec.RawZero;
        TRaw c40 = TVec.RawZero, c41 = TVec.RawZero;
        TRaw c50 = TVec.RawZero, c51 = TVec.RawZero;
        TRaw c60 = TVec.RawZero, c61 = TVec.RawZero;
        TRaw c70 = TVec.RawZero, c71 = TVec.RawZero;
        for (int p = 0; p < kc; p++)
        {
            float* a = aSteps.Next(), b = bSteps.Next();
            var b0 = TVec.RawLoad(b);
            var b1 = TVec.RawLoad(b + n);
            var a0 = TVec.RawBroadcast(a[0]);
            c00 = TVec.RawMultiplyAdd(a0, b0, c00);
            c01 = TVec.RawMultiplyAdd(a0, b1, c01);
            var a1 = TVec.RawBroadcast(a[1]);
            c10 = TVec.RawMultiplyAdd(a1, b0, c10);
            c11 = TVec.RawMultiplyAdd(a1, b1, c11);
            var a2 = TVec.RawBroadcast(a[2]);
            c20 = TVec.RawMultiplyAdd(a2, b0, c20);
            c21 = TVec.RawMultiplyAdd(a2, b1, c21);
            var a3 = TVec.RawBroadcast(a[3]);
            c30 = TVec.RawMultiplyAdd(a3, b0, c30);
            c31 = TVec.RawMultiplyAdd(a3, b1, c31);
            var a4 = TVec.RawBroadcast(a[4]);
            c40 = TVec.RawMultiplyAdd(a4, b0, c40);
            c41 = TVec.RawMultiplyAdd(a4, b1, c41);
            var a5 = TVec.RawBroadcast(a[5]);
            c50 = TVec.RawMultiplyAdd(a5, b0, c50);
            c51 = TVec.RawMultiplyAdd(a5, b1, c51);
            if (mr == 8)
            {
                var a6 = TVec.RawBroadcast(a[6]);
                c60 = TVec.RawMultiplyAdd(a6, b0, c60);
                c61 = TVec.RawMultiplyAdd(a6, b1, c61);
                var a7 = TVec.RawBroadcast(a[7]);
                c70 = TVec.RawMultiplyAdd(a7, b0, c70);
                c71 = TVec.RawMultiplyAdd(a7, b1, c71);
            }
        }
        var va = TVec.RawBroadcast(alpha);
        if (beta == 0f)
        {
            // beta = 0 never reads C (it may hold NaN from the pool).
            TVec.RawStore(TVec.RawMultiply(c00, va), c + 0 * ldc);
            TVec.RawStore(TVec.RawMultiply(c01, va), c + 0 * ldc + n);
            TVec.RawStore(TVec.RawMultiply(c10, va), c + 1 * ldc);
            TVec.RawStore(TVec.RawMultiply(c11, va), c + 1 * ldc + n);
            TVec.RawStore(TVec.RawMultiply(c20, va), c + 2 * ldc);
            TVec.RawStore(TVec.RawMultiply(c21, va), c + 2 * ldc + n);
            TVec.RawStore(TVec.RawMultiply(c30, va), c + 3 * ldc);
            TVec.RawStore(TVec.RawMultiply(c31, va), c + 3 * ldc + n);
            TVec.RawStore(TVec.RawMultiply(c40, va), c + 4 * ldc);
            TVec.RawStore(TVec.RawMultiply(c41, va), c + 4 * ldc + n);
            TVec.RawStore(TVec.RawMultiply(c50, va), c + 5 * ldc);
            TVec.RawStore(TVec.RawMultiply(c51, va), c + 5 * ldc + n);
            if (mr == 8)
            {
                TVec.RawStore(TVec.RawMultiply(c60, va), c + 6 * ldc);
                TVec.RawStore(TVec.RawMultiply(c61, va), c + 6 * ldc + n);
                TVec.RawStore(TVec.RawMultiply(c70, va), c + 7 * ldc);
                TVec.RawStore(TVec.RawMultiply(c71, va), c + 7 * ldc + n);
            }
            return;
        }
        var vb = TVec.RawBroadcast(beta);
        Update(c + 0 * ldc, c00, va, vb);
        Update(c + 0 * ldc + n, c01, va, vb);
        Update(c + 1 * ldc, c10, va, vb);
        Update(c + 1 * ldc + n, c11, va, vb);
        Update(c + 2 * ldc, c20, va, vb);
        Update(c + 2 * ldc + n, c21, va, vb);
        Update(c + 3 * ldc, c30, va, vb);
        Update(c + 3 * ldc + n, c31, va, vb);
        Update(c + 4 * ldc, c40, va, vb);
        Update(c + 4 * ldc + n, c41, va, vb);
        Update(c + 5 * ldc, c50, va, vb);
        Update(c + 5 * ldc + n, c51, va, vb);
        if (mr == 8)
        {
            Update(c + 6 * ldc, c60, va, vb);
            Update(c + 6 * ldc + n, c61, va, vb);
            Update(c + 7 * ldc, c70, va, vb);
            Update(c + 7 * ldc + n, c71, va, vb);
        }
    }

    // at[0..n) = alpha acc + beta at.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* at, TRaw acc, TRaw alpha, TRaw beta) =>
        TVec.RawStore(TVec.RawMultiplyAdd(acc, alpha, TVec.RawMultiply(TVec.RawLoad(at), beta)), at);
}
