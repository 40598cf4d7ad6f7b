// Kernel-lab variants of SGEMM that live only in bench/ (adding a variant = adding a method here, not editing src/):
// each is an ILGPU kernel loaded on the backend's accelerator and timed beside the engine's tiled kernel
// (src/Kernels/Ilgpu/Kernels/GemmKernels.cs). C (M, N) = A (M, K) B (K, N), row-major, no transposes.
namespace Engine.Bench.Gpu;

using Engine.Kernels.Ilgpu;
using ILGPU;
using ILGPU.Runtime;

public static class GemmVariants
{
    /// <summary>One thread per element of C (grid-stride), K read straight from global memory: the baseline.</summary>
    public static void Naive(ArrayView<float> a, ArrayView<float> b, int m, int n, int k, ArrayView<float> c)
    {
        for (int e = Grid.GlobalIndex.X; e < m * n; e += Grid.DimX * Group.DimX)
        {
            int row = e / n, col = e % n;
            float sum = 0f;
            for (int p = 0; p < k; p++)
            {
                sum += a[row * k + p] * b[p * n + col];
            }
            c[e] = sum;
        }
    }

    /// <summary>A launcher for <see cref="Naive"/> on <paramref name="backend"/>: (a, b, m, n, k, c) with buffers of that backend.</summary>
    public static Action<IlgpuBuffer, IlgpuBuffer, int, int, int, IlgpuBuffer> LoadNaive(IlgpuBackend backend)
    {
        var kernel = backend.Accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, int, int, int, ArrayView<float>>(Naive);
        int groups = Math.Max(1, backend.Accelerator.NumMultiprocessors * 8);
        return (a, b, m, n, k, c) => kernel(backend.Stream, new KernelConfig(groups, 256), a.View, b.View, m, n, k, c.View);
    }
}
