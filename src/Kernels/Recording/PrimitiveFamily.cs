// The families the primitives of IBackend fall into (convolution, GEMM, batch norm, elementwise, ...), for the step
// recorder's breakdown of where a training step's time goes: one line per primitive name.
namespace Engine.Kernels.Recording;

/// <summary>What kind of work a primitive does; the step report stacks its time by these.</summary>
public enum PrimitiveFamily
{
    Convolution,
    Gemm,
    BatchNorm,
    Elementwise,
    Reduction,
    Loss,
    Copy,
    Random,
    Optimizer,
}

public static class PrimitiveFamilies
{
    /// <summary>The family of the IBackend method <paramref name="primitive"/> ("Conv2dForward", "Unary", "AdamStep", ...).</summary>
    public static PrimitiveFamily Of(string primitive) => primitive switch
    {
        _ when primitive.StartsWith("Conv2d", StringComparison.Ordinal) => PrimitiveFamily.Convolution,
        "Gemm" => PrimitiveFamily.Gemm,
        _ when primitive.StartsWith("BatchNorm", StringComparison.Ordinal) => PrimitiveFamily.BatchNorm,
        "Sum" or "SumToMiddle" or "Softmax" or "SoftmaxBackward" => PrimitiveFamily.Reduction,
        _ when primitive.StartsWith("Bce", StringComparison.Ordinal) || primitive.StartsWith("CrossEntropy", StringComparison.Ordinal)
            => PrimitiveFamily.Loss,
        "Fill" or "CopyBlocks" => PrimitiveFamily.Copy,
        "RandomUniform" or "RandomNormal" => PrimitiveFamily.Random,
        "AdamStep" or "SgdStep" => PrimitiveFamily.Optimizer,
        _ => PrimitiveFamily.Elementwise,                  // Unary, UnaryBackward, Binary, AddScaled, Reparametrize(Backward)
    };

    /// <summary>A short lower-case label: "conv", "GEMM", "batch norm", ...</summary>
    public static string Label(this PrimitiveFamily family) => family switch
    {
        PrimitiveFamily.Convolution => "conv",
        PrimitiveFamily.Gemm => "GEMM",
        PrimitiveFamily.BatchNorm => "batch norm",
        PrimitiveFamily.Elementwise => "elementwise",
        PrimitiveFamily.Reduction => "reductions",
        PrimitiveFamily.Loss => "losses",
        PrimitiveFamily.Copy => "copy/fill",
        PrimitiveFamily.Random => "random",
        _ => "optimizer",
    };
}
