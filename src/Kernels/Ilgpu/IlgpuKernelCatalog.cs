// Every ILGPU kernel the GPU runs, by name (the GEMM and convolution kernels with the GPU's tile, Tile64; Tile16 and
// TileCpu only run on the CPU accelerator): the list the PTX gate compiles for sm_70/80/90 and assembles with ptxas.
namespace Engine.Kernels.Ilgpu;

using System.Reflection;
using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using V = ILGPU.ArrayView<float>;

/// <summary>One kernel entry point: a static, explicitly grouped method.</summary>
public sealed record IlgpuKernel(string Name, MethodInfo Method)
{
    public override string ToString() => Name;
}

public static class IlgpuKernelCatalog
{
    public static IReadOnlyList<IlgpuKernel> All { get; } =
    [
        K("Fill", (Action<float, int, V>)CopyKernels.Fill),
        K("CopyBlocks", (Action<V, int, int, int, int, int, int, V>)CopyKernels.CopyBlocks),
        K("Unary", (Action<V, int, int, float, float, V>)ElementwiseKernels.Unary),
        K("UnaryBackward", (Action<V, V, V, int, int, float, float, V>)ElementwiseKernels.UnaryBackward),
        K("Binary", (Action<V, V, int, int, int, int, V>)ElementwiseKernels.Binary),
        K("AddScaled", (Action<V, V, int, float, V>)ElementwiseKernels.AddScaled),
        K("Sum", (Action<V, int, int, int, V>)ReductionKernels.Sum),
        K("SumToMiddle", (Action<V, int, int, int, V>)ReductionKernels.SumToMiddle),
        .. Tiled<Tile64>("Tile64"),
        K("BatchNormForwardTrain", (Action<V, V, V, int, int, int, float, float, V, V, V, V, V>)BatchNormKernels.ForwardTrain),
        K("BatchNormForwardEval", (Action<V, V, V, V, V, int, int, int, float, V>)BatchNormKernels.ForwardEval),
        K("BatchNormBackward", (Action<V, V, V, V, V, int, int, int, V, V, V>)BatchNormKernels.Backward),
        K("Softmax", (Action<V, int, int, int, V>)SoftmaxKernels.Forward),
        K("SoftmaxBackward", (Action<V, V, int, int, int, V>)SoftmaxKernels.Backward),
        K("BceForward", (Action<V, V, int, V>)LossKernels.BceForward),
        K("BceBackward", (Action<V, V, V, int, float, V>)LossKernels.BceBackward),
        K("CrossEntropyForward", (Action<V, V, int, int, V>)LossKernels.CrossEntropyForward),
        K("CrossEntropyBackward", (Action<V, V, V, int, int, float, V>)LossKernels.CrossEntropyBackward),
        K("RandomUniform", (Action<ulong, ulong, int, float, float, V>)RandomKernels.Uniform),
        K("RandomNormal", (Action<ulong, ulong, int, float, float, V>)RandomKernels.Normal),
        K("Reparametrize", (Action<V, V, ulong, ulong, int, V, V>)RandomKernels.Reparametrize),
        K("ReparametrizeBackward", (Action<V, V, V, int, V, V>)RandomKernels.ReparametrizeBackward),
        K("Adam", (Action<V, int, float, float, float, float, float, float, V, V, V>)OptimizerKernels.Adam),
        K("Sgd", (Action<V, int, float, float, float, V, V>)OptimizerKernels.Sgd),
    ];

    private static IlgpuKernel[] Tiled<TTile>(string tile)
        where TTile : struct, IGemmTile =>
    [
        K($"Gemm<{tile}>", (Action<MatrixA, MatrixB, MatrixC, int, int, int>)GemmKernels.Gemm<TTile>),
        K($"ConvForward<{tile}>", (Action<V, V, ConvShape, V>)ConvKernels.Forward<TTile>),
        K($"ConvBackwardData<{tile}>", (Action<V, V, ConvShape, V>)ConvKernels.BackwardData<TTile>),
        K($"ConvBackwardWeight<{tile}>", (Action<V, V, ConvShape, int, V>)ConvKernels.BackwardWeight<TTile>),
    ];

    private static IlgpuKernel K(string name, Delegate kernel) => new(name, kernel.Method);
}
