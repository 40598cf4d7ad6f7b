// IlgpuBackend: GEMM on the tiled core (Kernels/GemmKernels.cs; the tile is a type parameter, so tests use small tiles and
// the GPU large ones). The convolutions are implicit GEMMs on the same tile (IlgpuBackend.Conv.cs).
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, MatrixA, MatrixB, MatrixC, int, int, int> _gemm = null!;

    /// <summary>The GEMM and convolution kernels, specialised for tile <typeparamref name="TTile"/>.</summary>
    private void LoadTiled<TTile>()
        where TTile : struct, IGemmTile
    {
        var tile = default(TTile);
        GemmTile = (tile.Threads, tile.TileK);
        _gemm = _accelerator.LoadKernel<MatrixA, MatrixB, MatrixC, int, int, int>(GemmKernels.Gemm<TTile>);
        LoadConv<TTile>();
    }

    /// <summary>A tiled launch over out (rows, cols) with <paramref name="splits"/> K ranges.</summary>
    private K Tiled(long rows, long cols, int splits = 1)
    {
        int side = 4 * GemmTile.Threads;
        var grid = new Index3D((int)((cols + side - 1) / side), (int)((rows + side - 1) / side), splits);
        return new K(grid, new Index3D(GemmTile.Threads * GemmTile.Threads, 1, 1),
            SharedMemoryConfig.RequestDynamic<float>(GemmKernels.SharedFloats(GemmTile.Threads, GemmTile.TileK)));
    }

    public void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
        DeviceBuffer c)
    {
        CheckCount(m);
        CheckCount(n);
        CheckCount(k);
        if (m == 0 || n == 0) return;
        _gemm(_stream, Tiled(m, n), new MatrixA(In(a, (long)m * k), m, k, transposeA), new MatrixB(In(b, (long)k * n), n, k, transposeB),
            new MatrixC(Out(c, (long)m * n), n, alpha, beta), m, n, k);
    }
}
