// CudaBackend: GEMM, the three convolution passes (implicit GEMM), batch norm and softmax
// (gemm.cu, conv.cu, batchnorm.cu, softmax.cu). Tiles are 64 x 64 with 256 threads (gemm_tile.cuh).
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cuda.Driver;
using Engine.Kernels.Cuda.Launch;

public sealed partial class CudaBackend
{
    private const int Tile = 64, TileThreads = 256, StatsThreads = 256, RowsPerBlock = Threads / 32;

    public void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
        DeviceBuffer c)
    {
        CheckCount(m); CheckCount(n); CheckCount(k);
        if (m == 0 || n == 0) return;
        var args = new GemmForward(In(a, (long)m * k), In(b, (long)k * n), m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0,
            alpha, beta, Out(c, (long)m * n));
        Kernels.Launch(args, new Dim3(Cu.CeilDiv(n, Tile), Cu.CeilDiv(m, Tile)), TileThreads);
    }

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output)
    {
        g.Validate();
        var args = new Conv2dForward(In(input, g.InputLength), In(weight, g.WeightLength),
            g.N, g.C, g.H, g.W, g.K, g.R, g.S, g.StrideH, g.StrideW, g.PadH, g.PadW, g.P, g.Q, Out(output, g.OutputLength));
        Kernels.Launch(args, new Dim3(Cu.CeilDiv((long)g.N * g.P * g.Q, Tile), Cu.CeilDiv(g.K, Tile)), TileThreads);
    }

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput)
    {
        g.Validate();
        var args = new Conv2dBackwardData(In(dOutput, g.OutputLength), In(weight, g.WeightLength),
            g.N, g.C, g.H, g.W, g.K, g.R, g.S, g.StrideH, g.StrideW, g.PadH, g.PadW, g.P, g.Q, Out(dInput, g.InputLength));
        Kernels.Launch(args, new Dim3(Cu.CeilDiv((long)g.N * g.H * g.W, Tile), Cu.CeilDiv(g.C, Tile)), TileThreads);
    }

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight)
    {
        g.Validate();
        int crs = g.C * g.R * g.S, contraction = g.N * g.P * g.Q;
        uint tilesX = Cu.CeilDiv(crs, Tile), tilesY = Cu.CeilDiv(g.K, Tile);
        int splits = BackwardWeightSplits(tilesX * tilesY, contraction);
        ulong input_ = In(input, g.InputLength), dOutput_ = In(dOutput, g.OutputLength), dWeight_ = Out(dWeight, g.WeightLength);
        var grid = new Dim3(tilesX, tilesY, (uint)splits);
        if (splits == 1)
        {
            Kernels.Launch(new Conv2dBackwardWeight(input_, dOutput_, g.N, g.C, g.H, g.W, g.K, g.R, g.S,
                g.StrideH, g.StrideW, g.PadH, g.PadW, g.P, g.Q, 1, dWeight_), grid, TileThreads);
            return;
        }
        // split-K: partial products per split into a workspace, then summed in split order (deterministic)
        using var workspace = (CudaBuffer)Allocate(checked(splits * g.WeightLength));
        Kernels.Launch(new Conv2dBackwardWeight(input_, dOutput_, g.N, g.C, g.H, g.W, g.K, g.R, g.S,
            g.StrideH, g.StrideW, g.PadH, g.PadW, g.P, g.Q, splits, workspace.Pointer), grid, TileThreads);
        Kernels.Launch(new SumForward(workspace.Pointer, 1, splits, g.WeightLength, dWeight_), GridFor(g.WeightLength), Threads);
    }

    /// <summary>Enough K-splits to give every SM about two tiles, each split still at least 512 deep.</summary>
    private int BackwardWeightSplits(long tiles, int contraction)
    {
        long wanted = Math.Max(1, 2L * Context.Info.MultiprocessorCount / tiles);
        long deepest = Math.Max(1, contraction / 512);
        return (int)Math.Min(Math.Min(wanted, deepest), 64);
    }

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        var args = new BatchNormForwardTrain(In(input, total), In(gamma, c), In(beta, c), n, c, s, eps, momentum,
            Out(output, total), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c));
        Kernels.Launch(args, (uint)c, StatsThreads);   // one block per channel
    }

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output)
    {
        long total = (long)n * c * s;
        if (total <= 0) return;
        var args = new BatchNormForwardEval(In(input, total), In(gamma, c), In(beta, c), In(runningMean, c), In(runningVar, c),
            n, c, s, eps, Out(output, total));
        Kernels.Launch(args, GridFor(total), Threads);
    }

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        var args = new BatchNormBackward(In(input, total), In(gamma, c), In(saveMean, c), In(saveInvStd, c), In(dOutput, total),
            n, c, s, Out(dInput, total), Out(dGamma, c), Out(dBeta, c));
        Kernels.Launch(args, (uint)c, StatsThreads);
    }

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        var args = new SoftmaxForward(In(input, total), rows, cols, log ? 1 : 0, Out(output, total));
        Kernels.Launch(args, Cu.CeilDiv(rows, RowsPerBlock), Threads);   // one warp per row
    }

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        var args = new SoftmaxBackward(In(output, total), In(dOutput, total), rows, cols, log ? 1 : 0, Out(dInput, total));
        Kernels.Launch(args, Cu.CeilDiv(rows, RowsPerBlock), Threads);
    }
}
