// IlgpuBackend: GEMM and the three convolution passes (implicit GEMM on the tiled core, tile = a type parameter),
// batch norm and softmax (Kernels/GemmKernels, ConvKernels, BatchNormKernels, SoftmaxKernels).
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
    private Action<S, K, V, V, ConvShape, V> _convForward = null!;
    private Action<S, K, V, V, ConvShape, V> _convBackwardData = null!;
    private Action<S, K, V, V, ConvShape, int, V> _convBackwardWeight = null!;
    private Action<S, K, V, V, V, int, int, int, float, float, V, V, V, V, V> _batchNormTrain = null!;
    private Action<S, K, V, V, V, V, V, int, int, int, float, V> _batchNormEval = null!;
    private Action<S, K, V, V, V, V, V, int, int, int, V, V, V> _batchNormBackward = null!;
    private Action<S, K, V, int, int, int, V> _softmax = null!;
    private Action<S, K, V, V, int, int, int, V> _softmaxBackward = null!;

    /// <summary>The GEMM and convolution kernels, specialised for tile <typeparamref name="TTile"/>.</summary>
    private void LoadTiled<TTile>()
        where TTile : struct, IGemmTile
    {
        var a = _accelerator;
        var tile = default(TTile);
        GemmTile = (tile.Threads, tile.TileK);
        _gemm = a.LoadKernel<MatrixA, MatrixB, MatrixC, int, int, int>(GemmKernels.Gemm<TTile>);
        _convForward = a.LoadKernel<V, V, ConvShape, V>(ConvKernels.Forward<TTile>);
        _convBackwardData = a.LoadKernel<V, V, ConvShape, V>(ConvKernels.BackwardData<TTile>);
        _convBackwardWeight = a.LoadKernel<V, V, ConvShape, int, V>(ConvKernels.BackwardWeight<TTile>);
    }

    private void LoadNormalisation()
    {
        var a = _accelerator;
        _batchNormTrain = a.LoadKernel<V, V, V, int, int, int, float, float, V, V, V, V, V>(BatchNormKernels.ForwardTrain);
        _batchNormEval = a.LoadKernel<V, V, V, V, V, int, int, int, float, V>(BatchNormKernels.ForwardEval);
        _batchNormBackward = a.LoadKernel<V, V, V, V, V, int, int, int, V, V, V>(BatchNormKernels.Backward);
        _softmax = a.LoadKernel<V, int, int, int, V>(SoftmaxKernels.Forward);
        _softmaxBackward = a.LoadKernel<V, V, int, int, int, V>(SoftmaxKernels.Backward);
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

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output)
    {
        g.Validate();
        _convForward(_stream, Tiled(g.K, (long)g.N * g.P * g.Q), In(input, g.InputLength), In(weight, g.WeightLength),
            new ConvShape(g), Out(output, g.OutputLength));
    }

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput)
    {
        g.Validate();
        _convBackwardData(_stream, Tiled(g.C, (long)g.N * g.H * g.W), In(dOutput, g.OutputLength), In(weight, g.WeightLength),
            new ConvShape(g), Out(dInput, g.InputLength));
    }

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight)
    {
        g.Validate();
        int crs = g.C * g.R * g.S, contraction = g.N * g.P * g.Q;
        int splits = BackwardWeightSplits(Tiled(g.K, crs).GridDim.Size, contraction);
        var input_ = In(input, g.InputLength);
        var dOutput_ = In(dOutput, g.OutputLength);
        var dWeight_ = Out(dWeight, g.WeightLength);
        if (splits == 1)
        {
            _convBackwardWeight(_stream, Tiled(g.K, crs), input_, dOutput_, new ConvShape(g), 1, dWeight_);
            return;
        }
        // split-K: partial products per split into a workspace, then summed in split order (deterministic)
        using var workspace = (IlgpuBuffer)Allocate(checked(splits * g.WeightLength));
        _convBackwardWeight(_stream, Tiled(g.K, crs, splits), input_, dOutput_, new ConvShape(g), splits, workspace.View);
        _sum(_stream, Elementwise(g.WeightLength), workspace.View, 1, splits, g.WeightLength, dWeight_);
    }

    /// <summary>Enough K splits to give the device about _splitTarget groups, each split at least 16 K steps deep.</summary>
    private int BackwardWeightSplits(long tiles, int contraction)
    {
        long wanted = Math.Max(1, _splitTarget / tiles);
        long deepest = Math.Max(1, contraction / (16 * GemmTile.TileK));
        return (int)Math.Min(Math.Min(wanted, deepest), 64);
    }

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        _batchNormTrain(_stream, PerChannel(c), In(input, total), In(gamma, c), In(beta, c), n, c, s, eps, momentum,
            Out(output, total), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c));
    }

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output)
    {
        long total = (long)n * c * s;
        if (total <= 0) return;
        _batchNormEval(_stream, Elementwise(total), In(input, total), In(gamma, c), In(beta, c), In(runningMean, c),
            In(runningVar, c), n, c, s, eps, Out(output, total));
    }

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        _batchNormBackward(_stream, PerChannel(c), In(input, total), In(gamma, c), In(saveMean, c), In(saveInvStd, c),
            In(dOutput, total), n, c, s, Out(dInput, total), Out(dGamma, c), Out(dBeta, c));
    }

    /// <summary>One group per channel (grid-strided beyond _maxGroups).</summary>
    private K PerChannel(int c) => new(Math.Min(c, _maxGroups), _channelThreads);

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        _softmax(_stream, WarpPerRow(rows), In(input, total), rows, cols, log ? 1 : 0, Out(output, total));
    }

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        _softmaxBackward(_stream, WarpPerRow(rows), In(output, total), In(dOutput, total), rows, cols, log ? 1 : 0, Out(dInput, total));
    }
}
