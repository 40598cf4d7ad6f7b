// Compiles one ILGPU kernel to PTX without a GPU (ILGPU's PTXBackend, no driver, no LibDevice), in a fresh Context
// per kernel: one failed compile can poison a context (docs/notes/ilgpu.md §1). ISA 7.8 is the newest .version
// that Debian's ptxas 11.8 accepts; apart from that line the text equals what a CUDA 13 driver gets (ISA 8.8).
namespace Engine.Kernels.Ilgpu;

using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

public static class PtxCompiler
{
    /// <summary>The architectures the gate checks: Volta (sm_70), Ampere (sm_80), Hopper (sm_90, the H200).</summary>
    public static IReadOnlyList<CudaArchitecture> Architectures { get; } =
        [CudaArchitecture.SM_70, CudaArchitecture.SM_80, CudaArchitecture.SM_90];

    /// <summary>"sm_70" for SM_70.</summary>
    public static string Name(CudaArchitecture architecture) => $"sm_{architecture.Major}{architecture.Minor}";

    /// <summary>The PTX text of <paramref name="kernel"/> for each architecture, compiled in one fresh context.</summary>
    public static IReadOnlyDictionary<CudaArchitecture, string> Compile(IlgpuKernel kernel, IEnumerable<CudaArchitecture> architectures)
    {
        using var context = Context.Create(b => b.CPU().EnableAlgorithms().Math(MathMode.Default).Optimize(OptimizationLevel.O1));
        var ptx = new Dictionary<CudaArchitecture, string>();
        foreach (var architecture in architectures)
        {
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture,
                CudaInstructionSet.ISA_78, nvvmAPI: null);
            var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel.Method);
            ptx[architecture] = ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
        }
        return ptx;
    }
}
