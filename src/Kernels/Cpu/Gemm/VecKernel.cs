// The SGEMM micro-kernel, written once over the vector width: an MR x (2 vectors) tile of C in 2 MR accumulators,
// one broadcast of A and two loads of B per k step. MR is 8 on AVX-512 (16 zmm accumulators of its 32 registers) and
// 6 on AVX2, SSE and NEON (12 accumulators + 2 B + 1 A = 15 of x86's 16 registers); the JIT compiles each width
// separately and drops rows 6 and 7 where MR is 6 (a constant per instantiation). The registers are spelled out so
// the JIT keeps every accumulator in one.

namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Simd;

internal readonly unsafe struct VecKernel<TVec> : IMicroKernel where TVec : unmanaged, IVec<TVec>
{
    public static int MR => TVec.Count == 16 ? 8 : 6;

    public static int NR => 2 * TVec.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        int n = TVec.Count, mr = MR;
        TVec c00 = TVec.Zero, c01 = TVec.Zero;
        TVec c10 = TVec.Zero, c11 = TVec.Zero;
        TVec c20 = TVec.Zero, c21 = TVec.Zero;
        TVec c30 = TVec.Zero, c31 = TVec.Zero;
        TVec c40 = TVec.Zero, c41 = TVec.Zero;
        TVec c50 = TVec.Zero, c51 = TVec.Zero;
        TVec c60 = TVec.Zero, c61 = TVec.Zero;
        TVec c70 = TVec.Zero, c71 = TVec.Zero;
        for (int p = 0; p < kc; p++, a += mr, b += 2 * n)
        {
            var b0 = TVec.Load(b);
            var b1 = TVec.Load(b + n);
            var a0 = TVec.Broadcast(a[0]);
            c00 = TVec.MultiplyAdd(a0, b0, c00);
            c01 = TVec.MultiplyAdd(a0, b1, c01);
            var a1 = TVec.Broadcast(a[1]);
            c10 = TVec.MultiplyAdd(a1, b0, c10);
            c11 = TVec.MultiplyAdd(a1, b1, c11);
            var a2 = TVec.Broadcast(a[2]);
            c20 = TVec.MultiplyAdd(a2, b0, c20);
            c21 = TVec.MultiplyAdd(a2, b1, c21);
            var a3 = TVec.Broadcast(a[3]);
            c30 = TVec.MultiplyAdd(a3, b0, c30);
            c31 = TVec.MultiplyAdd(a3, b1, c31);
            var a4 = TVec.Broadcast(a[4]);
            c40 = TVec.MultiplyAdd(a4, b0, c40);
            c41 = TVec.MultiplyAdd(a4, b1, c41);
            var a5 = TVec.Broadcast(a[5]);
            c50 = TVec.MultiplyAdd(a5, b0, c50);
            c51 = TVec.MultiplyAdd(a5, b1, c51);
            if (mr == 8)
            {
                var a6 = TVec.Broadcast(a[6]);
                c60 = TVec.MultiplyAdd(a6, b0, c60);
                c61 = TVec.MultiplyAdd(a6, b1, c61);
                var a7 = TVec.Broadcast(a[7]);
                c70 = TVec.MultiplyAdd(a7, b0, c70);
                c71 = TVec.MultiplyAdd(a7, b1, c71);
            }
        }
        var va = TVec.Broadcast(alpha);
        var vb = TVec.Broadcast(beta);
        Write(c + 0 * ldc, c00, va, vb, beta);
        Write(c + 0 * ldc + n, c01, va, vb, beta);
        Write(c + 1 * ldc, c10, va, vb, beta);
        Write(c + 1 * ldc + n, c11, va, vb, beta);
        Write(c + 2 * ldc, c20, va, vb, beta);
        Write(c + 2 * ldc + n, c21, va, vb, beta);
        Write(c + 3 * ldc, c30, va, vb, beta);
        Write(c + 3 * ldc + n, c31, va, vb, beta);
        Write(c + 4 * ldc, c40, va, vb, beta);
        Write(c + 4 * ldc + n, c41, va, vb, beta);
        Write(c + 5 * ldc, c50, va, vb, beta);
        Write(c + 5 * ldc + n, c51, va, vb, beta);
        if (mr == 8)
        {
            Write(c + 6 * ldc, c60, va, vb, beta);
            Write(c + 6 * ldc + n, c61, va, vb, beta);
            Write(c + 7 * ldc, c70, va, vb, beta);
            Write(c + 7 * ldc + n, c71, va, vb, beta);
        }
    }

    // at[0..n) = alpha acc + beta at; beta = 0 never reads C (it may hold NaN from the pool).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(float* at, TVec acc, TVec alpha, TVec beta, float betaValue)
    {
        if (betaValue == 0f)
        {
            (acc * alpha).Store(at);
        }
        else
        {
            TVec.MultiplyAdd(acc, alpha, TVec.Load(at) * beta).Store(at);
        }
    }
}
