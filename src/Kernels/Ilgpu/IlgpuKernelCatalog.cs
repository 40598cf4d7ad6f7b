// Every ILGPU kernel the GPU runs, read from the [Kernel] marks in Kernels/ (the GEMM and convolution kernels with the
// GPU's tile, Tile64; Tile16 and TileCpu only run on the CPU accelerator): the list the PTX gate compiles for sm_70/80/90
// and assembles with ptxas. KernelCatalogTests checks that IlgpuBackend loads each of them, and nothing else.
namespace Engine.Kernels.Ilgpu;

using System.Reflection;
using Engine.Kernels.Ilgpu.Kernels;

/// <summary>One kernel entry point: "Family.Method" (the kernel class without "Kernels"), and the method to compile.</summary>
public sealed record IlgpuKernel(string Name, MethodInfo Method)
{
    public override string ToString() => Name;
}

public static class IlgpuKernelCatalog
{
    public static IReadOnlyList<IlgpuKernel> All { get; } =
    [
        .. from type in typeof(KernelAttribute).Assembly.GetTypes()
           where type.Namespace == typeof(KernelAttribute).Namespace
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
           where method.IsDefined(typeof(KernelAttribute))
           orderby type.Name, method.MetadataToken
           select Entry(type, method),
    ];

    private static IlgpuKernel Entry(Type type, MethodInfo method)
    {
        string name = $"{type.Name.Replace("Kernels", "")}.{method.Name}";
        return method.IsGenericMethodDefinition
            ? new IlgpuKernel($"{name}<{nameof(Tile64)}>", method.MakeGenericMethod(typeof(Tile64)))
            : new IlgpuKernel(name, method);
    }
}
