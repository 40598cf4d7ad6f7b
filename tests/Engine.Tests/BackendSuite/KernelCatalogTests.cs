// The ILGPU kernel list has one source: the [Kernel] marks in src/Kernels/Ilgpu/Kernels/. These tests hold the catalog
// (which the PTX gate compiles) to what IlgpuBackend actually loads, and each family's launch file to its kernel file:
// Kernels/<Family>Kernels.cs is loaded and launched by IlgpuBackend.<Family>.cs, and by no other file.
namespace Engine.Tests.BackendSuite;

using System.Text.RegularExpressions;
using Engine.Kernels.Ilgpu;
using Engine.Tests.Testing;

public sealed partial class KernelCatalogTests
{
    [GeneratedRegex(@"LoadKernel<[^(]*>\((\w+)Kernels\.(\w+)(?:<\w+>)?\)")]
    private static partial Regex LoadCall();

    private static string IlgpuFolder() => Path.Combine(RepositoryRoot.Find(), "src", "Kernels", "Ilgpu");

    /// <summary>(file stem after "IlgpuBackend.", "Family.Method") for every LoadKernel call in the backend's files.</summary>
    private static List<(string File, string Kernel)> Loads() =>
        [.. from file in Directory.EnumerateFiles(IlgpuFolder(), "IlgpuBackend*.cs")
            from Match m in LoadCall().Matches(File.ReadAllText(file))
            select (Path.GetFileNameWithoutExtension(file).Replace("IlgpuBackend", "").TrimStart('.'), $"{m.Groups[1].Value}.{m.Groups[2].Value}")];

    private static string Bare(IlgpuKernel kernel) => kernel.Name.Split('<')[0];

    [Test]
    public void TheCatalogIsExactlyWhatTheBackendLoads()
    {
        var loaded = Loads().Select(l => l.Kernel).Order().ToList();
        var catalog = IlgpuKernelCatalog.All.Select(Bare).Order().ToList();
        Assert.That(catalog, Has.Count.GreaterThan(20), "the catalog read almost no [Kernel] marks");
        Assert.That(loaded, Is.EqualTo(catalog),
            "a [Kernel] method that IlgpuBackend never loads, or a loaded one without [Kernel] (the PTX gate would not compile it)");
    }

    [Test]
    public void EachFamilysKernelsAreLoadedByItsOwnLaunchFile()
    {
        var misplaced = Loads().Where(l => l.File != l.Kernel.Split('.')[0]).Select(l => $"{l.Kernel} loaded in IlgpuBackend.{l.File}.cs");
        Assert.That(misplaced, Is.Empty, "load a family's kernels in IlgpuBackend.<Family>.cs");
        var families = Directory.EnumerateFiles(Path.Combine(IlgpuFolder(), "Kernels"), "*Kernels.cs")
            .Select(f => Path.GetFileNameWithoutExtension(f)[..^"Kernels".Length]);
        var withoutLaunchFile = families.Where(f => !File.Exists(Path.Combine(IlgpuFolder(), $"IlgpuBackend.{f}.cs")));
        Assert.That(withoutLaunchFile, Is.Empty, "every Kernels/<Family>Kernels.cs has its launch file IlgpuBackend.<Family>.cs");
    }

    [Test]
    public void EveryEntryPointIsStaticVoidAndGenericOnlyOverTheTile()
    {
        foreach (var kernel in IlgpuKernelCatalog.All)
        {
            Assert.That(kernel.Method.IsStatic && kernel.Method.ReturnType == typeof(void), $"{kernel}: a kernel is a static void method");
            Assert.That(kernel.Method.IsGenericMethod ? kernel.Method.GetGenericArguments() : [], Has.Length.LessThanOrEqualTo(1), $"{kernel}");
        }
    }
}
