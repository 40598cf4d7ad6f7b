// Launch struct of gemm.cu: C (M, N) = alpha op(A) op(B) + beta C; flags are 0 or 1.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct GemmForward(ulong a, ulong b, int m, int n, int k, int transposeA, int transposeB, float alpha, float beta, ulong c) : IKernelArgs
{
    public static string EntryPoint => "gemm_forward";

    public static string Module => "gemm";

    public readonly ulong A = a;
    public readonly ulong B = b;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly int TransposeA = transposeA;
    public readonly int TransposeB = transposeB;
    public readonly float Alpha = alpha;
    public readonly float Beta = beta;
    public readonly ulong C = c;
}
