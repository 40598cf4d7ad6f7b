// GEMM with one output row or column (M = 1 or N = 1) as a matrix-vector product: a packed micro-kernel
// would waste most of its tile there. Streams the matrix once with TensorPrimitives (axpy rows or dots).
namespace Engine.Kernels.Cpu.Gemm;

using System.Numerics.Tensors;
using Engine.Kernels.Cpu.Fast;

internal static unsafe class Gemv
{
    /// <summary>
    /// y (length) = alpha * sum_p x[p] * row or dot form + beta * y, where the matrix is stored either as
    /// (depth, length) rows to combine (<paramref name="rowsAreDepth"/>) or (length, depth) rows to dot with x.
    /// </summary>
    public static void Run(float* matrix, float* x, int length, int depth, bool rowsAreDepth, float alpha, float beta, float* y,
        int threads, ScratchPool scratch)
    {
        nint pm = (nint)matrix, px = (nint)x, py = (nint)y;
        if ((long)length * depth < 1 << 16)
        {
            threads = 1;
        }
        if (!rowsAreDepth)
        {
            CpuParallel.ForRanges(length, threads, 16, (j0, j1) =>
            {
                var xs = new ReadOnlySpan<float>((float*)px, depth);
                for (int j = j0; j < j1; j++)
                {
                    float dot = TensorPrimitives.Dot(new ReadOnlySpan<float>((float*)pm + (long)j * depth, depth), xs);
                    float* at = (float*)py + j;
                    *at = beta == 0f ? alpha * dot : alpha * dot + beta * *at;
                }
            }, align: 16);
            return;
        }
        float[] sum = scratch.Rent(length);
        try
        {
            CpuParallel.ForRanges(length, threads, 256, (j0, j1) =>
            {
                var acc = new Span<float>(sum, j0, j1 - j0);
                acc.Clear();
                for (int p = 0; p < depth; p++)
                {
                    var row = new ReadOnlySpan<float>((float*)pm + (long)p * length + j0, j1 - j0);
                    TensorPrimitives.MultiplyAdd(row, ((float*)px)[p], acc, acc);
                }
                var output = new Span<float>((float*)py + j0, j1 - j0);
                if (beta == 0f)
                {
                    TensorPrimitives.Multiply(acc, alpha, output);
                }
                else
                {
                    TensorPrimitives.Multiply(output, beta, output);
                    TensorPrimitives.MultiplyAdd(acc, alpha, output, output);
                }
            });
        }
        finally
        {
            scratch.Return(sum);
        }
    }
}
