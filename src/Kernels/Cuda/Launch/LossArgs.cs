// Launch structs of losses.cu: forward writes the sum into output[0]; backward reads dOutput[0].
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BceForward(ulong prediction, ulong target, int count, ulong output) : IKernelArgs
{
    public static string EntryPoint => "bce_forward";

    public static string Module => "losses";

    public readonly ulong Prediction = prediction;
    public readonly ulong Target = target;
    public readonly int Count = count;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BceBackward(ulong prediction, ulong target, ulong dOutput, int count, float scale, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "bce_backward";

    public static string Module => "losses";

    public readonly ulong Prediction = prediction;
    public readonly ulong Target = target;
    public readonly ulong DOutput = dOutput;
    public readonly int Count = count;
    public readonly float Scale = scale;
    public readonly ulong DInput = dInput;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct ErrorForward(ulong prediction, ulong target, int count, int absolute, ulong output) : IKernelArgs
{
    public static string EntryPoint => "error_forward";

    public static string Module => "losses";

    public readonly ulong Prediction = prediction;
    public readonly ulong Target = target;
    public readonly int Count = count;
    public readonly int Absolute = absolute;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct ErrorBackward(ulong prediction, ulong target, ulong dOutput, int count, int absolute, float scale, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "error_backward";

    public static string Module => "losses";

    public readonly ulong Prediction = prediction;
    public readonly ulong Target = target;
    public readonly ulong DOutput = dOutput;
    public readonly int Count = count;
    public readonly int Absolute = absolute;
    public readonly float Scale = scale;
    public readonly ulong DInput = dInput;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct CrossEntropyForward(ulong logits, ulong target, int rows, int cols, ulong output) : IKernelArgs
{
    public static string EntryPoint => "cross_entropy_forward";

    public static string Module => "losses";

    public readonly ulong Logits = logits;
    public readonly ulong Target = target;
    public readonly int Rows = rows;
    public readonly int Cols = cols;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct CrossEntropyBackward(ulong logits, ulong target, ulong dOutput, int rows, int cols, float scale, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "cross_entropy_backward";

    public static string Module => "losses";

    public readonly ulong Logits = logits;
    public readonly ulong Target = target;
    public readonly ulong DOutput = dOutput;
    public readonly int Rows = rows;
    public readonly int Cols = cols;
    public readonly float Scale = scale;
    public readonly ulong DInput = dInput;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct GaussianKlForward(ulong mu, ulong logVar, int count, ulong output) : IKernelArgs
{
    public static string EntryPoint => "gaussian_kl_forward";

    public static string Module => "losses";

    public readonly ulong Mu = mu;
    public readonly ulong LogVar = logVar;
    public readonly int Count = count;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct GaussianKlBackward(ulong mu, ulong logVar, ulong dOutput, int count, float scale, ulong dMu, ulong dLogVar) : IKernelArgs
{
    public static string EntryPoint => "gaussian_kl_backward";

    public static string Module => "losses";

    public readonly ulong Mu = mu;
    public readonly ulong LogVar = logVar;
    public readonly ulong DOutput = dOutput;
    public readonly int Count = count;
    public readonly float Scale = scale;
    public readonly ulong DMu = dMu;
    public readonly ulong DLogVar = dLogVar;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SparsityKlForward(ulong meanActivation, int count, float rho, ulong output) : IKernelArgs
{
    public static string EntryPoint => "sparsity_kl_forward";

    public static string Module => "losses";

    public readonly ulong MeanActivation = meanActivation;
    public readonly int Count = count;
    public readonly float Rho = rho;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SparsityKlBackward(ulong meanActivation, ulong dOutput, int count, float rho, float scale, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "sparsity_kl_backward";

    public static string Module => "losses";

    public readonly ulong MeanActivation = meanActivation;
    public readonly ulong DOutput = dOutput;
    public readonly int Count = count;
    public readonly float Rho = rho;
    public readonly float Scale = scale;
    public readonly ulong DInput = dInput;
}
