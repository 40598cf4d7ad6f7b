// Marks a kernel entry point: a static method the host launches (IlgpuBackend.<Family>.cs loads it with LoadKernel).
// The catalog the PTX gate compiles is read from these marks (IlgpuKernelCatalog), so there is no second list to keep.
namespace Engine.Kernels.Ilgpu.Kernels;

/// <summary>A kernel entry point of an <c>ILGPU</c> kernel class; a generic one takes the GEMM tile as its one type parameter.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class KernelAttribute : Attribute;
