// Launch structs of batchnorm.cu: (N, C, S) with per-channel vectors of length C.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BatchNormForwardTrain(ulong input, ulong gamma, ulong beta, int n, int c, int s, float eps, float momentum, ulong output, ulong saveMean, ulong saveInvStd, ulong runningMean, ulong runningVar) : IKernelArgs
{
    public static string EntryPoint => "batchnorm_forward_train";

    public static string Module => "batchnorm";

    public readonly ulong Input = input;
    public readonly ulong Gamma = gamma;
    public readonly ulong Beta = beta;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int S = s;
    public readonly float Eps = eps;
    public readonly float Momentum = momentum;
    public readonly ulong Output = output;
    public readonly ulong SaveMean = saveMean;
    public readonly ulong SaveInvStd = saveInvStd;
    public readonly ulong RunningMean = runningMean;
    public readonly ulong RunningVar = runningVar;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BatchNormForwardEval(ulong input, ulong gamma, ulong beta, ulong runningMean, ulong runningVar, int n, int c, int s, float eps, ulong output) : IKernelArgs
{
    public static string EntryPoint => "batchnorm_forward_eval";

    public static string Module => "batchnorm";

    public readonly ulong Input = input;
    public readonly ulong Gamma = gamma;
    public readonly ulong Beta = beta;
    public readonly ulong RunningMean = runningMean;
    public readonly ulong RunningVar = runningVar;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int S = s;
    public readonly float Eps = eps;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BatchNormBackward(ulong input, ulong gamma, ulong saveMean, ulong saveInvStd, ulong dOutput, int n, int c, int s, ulong dInput, ulong dGamma, ulong dBeta) : IKernelArgs
{
    public static string EntryPoint => "batchnorm_backward";

    public static string Module => "batchnorm";

    public readonly ulong Input = input;
    public readonly ulong Gamma = gamma;
    public readonly ulong SaveMean = saveMean;
    public readonly ulong SaveInvStd = saveInvStd;
    public readonly ulong DOutput = dOutput;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int S = s;
    public readonly ulong DInput = dInput;
    public readonly ulong DGamma = dGamma;
    public readonly ulong DBeta = dBeta;
}
