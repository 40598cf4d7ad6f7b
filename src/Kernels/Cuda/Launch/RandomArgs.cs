// Launch structs of random.cu (Philox4x32-10 streams addressed by seed and offset).
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct RandomUniformForward(ulong seed, ulong offset, int count, float low, float high, ulong output) : IKernelArgs
{
    public static string EntryPoint => "random_uniform_forward";

    public static string Module => "random";

    public readonly ulong Seed = seed;
    public readonly ulong Offset = offset;
    public readonly int Count = count;
    public readonly float Low = low;
    public readonly float High = high;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct RandomNormalForward(ulong seed, ulong offset, int count, float mean, float std, ulong output) : IKernelArgs
{
    public static string EntryPoint => "random_normal_forward";

    public static string Module => "random";

    public readonly ulong Seed = seed;
    public readonly ulong Offset = offset;
    public readonly int Count = count;
    public readonly float Mean = mean;
    public readonly float Std = std;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct ReparametrizeForward(ulong mu, ulong logVar, ulong seed, ulong offset, int count, ulong z, ulong eps) : IKernelArgs
{
    public static string EntryPoint => "reparametrize_forward";

    public static string Module => "random";

    public readonly ulong Mu = mu;
    public readonly ulong LogVar = logVar;
    public readonly ulong Seed = seed;
    public readonly ulong Offset = offset;
    public readonly int Count = count;
    public readonly ulong Z = z;
    public readonly ulong Eps = eps;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct ReparametrizeBackward(ulong logVar, ulong eps, ulong dZ, int count, ulong dMu, ulong dLogVar) : IKernelArgs
{
    public static string EntryPoint => "reparametrize_backward";

    public static string Module => "random";

    public readonly ulong LogVar = logVar;
    public readonly ulong Eps = eps;
    public readonly ulong DZ = dZ;
    public readonly int Count = count;
    public readonly ulong DMu = dMu;
    public readonly ulong DLogVar = dLogVar;
}
