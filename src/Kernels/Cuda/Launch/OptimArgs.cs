// Launch structs of optim.cu: in-place updates of param and optimizer state.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct AdamUpdate(ulong grad, int count, float beta1, float beta2, float eps, float weightDecay, float stepSize, float sqrtBias2, ulong param, ulong m, ulong v) : IKernelArgs
{
    public static string EntryPoint => "adam_update";

    public static string Module => "optim";

    public readonly ulong Grad = grad;
    public readonly int Count = count;
    public readonly float Beta1 = beta1;
    public readonly float Beta2 = beta2;
    public readonly float Eps = eps;
    public readonly float WeightDecay = weightDecay;
    public readonly float StepSize = stepSize;
    public readonly float SqrtBias2 = sqrtBias2;
    public readonly ulong Param = param;
    public readonly ulong M = m;
    public readonly ulong V = v;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SgdUpdate(ulong grad, int count, float lr, float momentum, float weightDecay, ulong param, ulong momentumBuffer) : IKernelArgs
{
    public static string EntryPoint => "sgd_update";

    public static string Module => "optim";

    public readonly ulong Grad = grad;
    public readonly int Count = count;
    public readonly float Lr = lr;
    public readonly float Momentum = momentum;
    public readonly float WeightDecay = weightDecay;
    public readonly ulong Param = param;
    public readonly ulong MomentumBuffer = momentumBuffer;
}
