// IlgpuBackend: the three convolution passes as implicit GEMMs on the tiled core (Kernels/ConvKernels.cs), specialised for
// the GEMM's tile (LoadTiled in IlgpuBackend.Gemm.cs calls LoadConv); backward-weight splits K deterministically when the grid is small.
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, V, ConvShape, V> _convForward = null!;
    private Action<S, K, V, V, ConvShape, V> _convBackwardData = null!;
    private Action<S, K, V, V, ConvShape, int, V> _convBackwardWeight = null!;

    private void LoadConv<TTile>()
        where TTile : struct, IGemmTile
    {
        var a = _accelerator;
        _convForward = a.LoadKernel<V, V, ConvShape, V>(ConvKernels.Forward<TTile>);
        _convBackwardData = a.LoadKernel<V, V, ConvShape, V>(ConvKernels.BackwardData<TTile>);
        _convBackwardWeight = a.LoadKernel<V, V, ConvShape, int, V>(ConvKernels.BackwardWeight<TTile>);
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
}
