// Every kernel family keeps one name stem in every backend (src/Kernels/README.md, "One name per kernel family"):
// Cpu/Reference/Reference<Stem>.cs, Cpu/Fast/Fast<Stem>.cs, Ilgpu/IlgpuBackend.<Stem>.cs and Ilgpu/Kernels/<Stem>Kernels.cs,
// each file's class named after it. The helpers that belong to no one family are listed here with the reason.
namespace Engine.Tests.Style;

using System.Text.RegularExpressions;

public class KernelFamilyTests
{
    /// <summary>The families, by stem, in the order of the README's table.</summary>
    private static readonly string[] Stems =
        ["Gemm", "Conv", "BatchNorm", "Softmax", "Loss", "Elementwise", "Reduction", "Random", "Optimizer", "Copy"];

    /// <summary>Families whose fast CPU kernels are a folder of several files, not one Fast&lt;Stem&gt;.cs.</summary>
    private static readonly Dictionary<string, string> FastFolders = new()
    {
        ["Gemm"] = "Cpu/Gemm/",   // blocked GEMM, GEMV and the one micro-kernel per width
        ["Conv"] = "Cpu/Conv/",   // the algorithm chooser, direct, phase and im2col convolutions
    };

    /// <summary>Families whose CPU backend runs the reference: no fast file (CpuBackend calls Backends.Reference).</summary>
    private static readonly HashSet<string> NoFastKernel =
    [
        "Softmax",   // no fast version written yet
        "Random",    // Philox per element: the reference defines the numbers every backend must draw
        "Copy",      // fill and strided block copy: Span's own copies
    ];

    /// <summary>Files in the kernel folders that are no family's: shared helpers, each with its reason.</summary>
    private static readonly Dictionary<string, string> Helpers = new()
    {
        ["Cpu/Reference/ReferenceBackend.cs"] = "the reference IBackend, calling every Reference<Stem> class",
        ["Cpu/Fast/CpuParallel.cs"] = "splits any fast kernel's loop over the thread team",
        ["Cpu/Fast/FastBatchNorm.SmallPlanes.cs"] = "part of FastBatchNorm: batch norm + LeakyReLU on planes shorter than a vector",
        ["Cpu/Fast/ThreadTeam.cs"] = "the fixed thread team behind CpuParallel",
        ["Cpu/Fast/ScratchPool.cs"] = "scratch buffers for GEMM and convolution packing",
        ["Cpu/Fast/UnaryOperators.cs"] = "FastElementwise's operator structs (forward)",
        ["Cpu/Fast/UnaryGradOperators.cs"] = "FastElementwise's operator structs (backward)",
        ["Ilgpu/IlgpuBackend.cs"] = "the backend's core: context, accelerator, buffers, loading every family",
        ["Ilgpu/IlgpuBuffer.cs"] = "the device buffer",
        ["Ilgpu/IlgpuDevices.cs"] = "device discovery",
        ["Ilgpu/IlgpuKernelCatalog.cs"] = "reads the [Kernel] marks for the PTX gate",
        ["Ilgpu/IlgpuMemoryPool.cs"] = "the device memory pool",
        ["Ilgpu/PtxCompiler.cs"] = "compiles and ptxas-checks the kernels",
        ["Ilgpu/Kernels/BlockReduce.cs"] = "fixed-tree group sums shared by Reduction, BatchNorm, Softmax and Loss kernels",
        ["Ilgpu/Kernels/DeviceMath.cs"] = "device-safe math shared by every kernel",
        ["Ilgpu/Kernels/KernelAttribute.cs"] = "the [Kernel] mark itself",
    };

    private static string KernelsFolder() => Path.Combine(Engine.Tests.Testing.RepositoryRoot.Find(), "src", "Kernels");

    /// <summary>The .cs files directly in one folder under src/Kernels, as paths relative to src/Kernels.</summary>
    private static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(KernelsFolder(), folder), "*.cs").Select(f => $"{folder}/{Path.GetFileName(f)}");

    /// <summary>Every file a family should have, by stem.</summary>
    private static IEnumerable<string> Expected(string stem)
    {
        yield return $"Cpu/Reference/Reference{stem}.cs";
        if (!FastFolders.ContainsKey(stem) && !NoFastKernel.Contains(stem)) yield return $"Cpu/Fast/Fast{stem}.cs";
        yield return $"Ilgpu/IlgpuBackend.{stem}.cs";
        yield return $"Ilgpu/Kernels/{stem}Kernels.cs";
    }

    [Test]
    public void EveryFamilyHasItsFileInEveryBackend()
    {
        var missing = Stems.SelectMany(Expected).Where(f => !File.Exists(Path.Combine(KernelsFolder(), f))).ToList();
        missing.AddRange(FastFolders.Values.Where(f => !Directory.Exists(Path.Combine(KernelsFolder(), f))));
        Assert.That(missing, Is.Empty, "a family lost a file, or the file's name left the family's stem");
    }

    [Test]
    public void EveryKernelFileBelongsToAFamilyOrIsAListedHelper()
    {
        var known = Stems.SelectMany(Expected).Concat(Helpers.Keys).ToHashSet();
        var strays = new[] { "Cpu/Reference", "Cpu/Fast", "Ilgpu", "Ilgpu/Kernels" }.SelectMany(Files)
            .Where(f => !known.Contains(f)).ToList();
        Assert.That(strays, Is.Empty,
            "name the file after its family's stem (Reference<Stem>, Fast<Stem>, IlgpuBackend.<Stem>, <Stem>Kernels), " +
            "add the stem to Stems, or list the file in Helpers with a reason");
        var gone = Helpers.Keys.Where(f => !File.Exists(Path.Combine(KernelsFolder(), f))).ToList();
        Assert.That(gone, Is.Empty, "these listed helpers no longer exist: remove them from the list");
    }

    [Test]
    public void EachFamilyFileDeclaresTheClassItIsNamedAfter()
    {
        var wrong = Stems.SelectMany(Expected).Where(f => !f.StartsWith("Ilgpu/IlgpuBackend.", StringComparison.Ordinal))
            .Where(f => File.Exists(Path.Combine(KernelsFolder(), f)))
            .Where(f => !Regex.IsMatch(File.ReadAllText(Path.Combine(KernelsFolder(), f)),
                $@"\bclass\s+{Regex.Escape(Path.GetFileNameWithoutExtension(f))}\b"))
            .ToList();
        Assert.That(wrong, Is.Empty, "the class inside should carry the file's name");
    }

    [Test]
    public void EachLaunchFileLaunchesOnlyItsOwnKernelFile()
    {
        var wrong = Stems.Where(s => File.Exists(Path.Combine(KernelsFolder(), "Ilgpu", $"IlgpuBackend.{s}.cs")))
            .Select(s => (Stem: s, Used: Regex.Matches(File.ReadAllText(Path.Combine(KernelsFolder(), "Ilgpu", $"IlgpuBackend.{s}.cs")),
                    @"\b([A-Z]\w*)Kernels\.").Select(m => m.Groups[1].Value).ToHashSet()))
            .Where(x => !x.Used.SetEquals([x.Stem]))
            .Select(x => $"IlgpuBackend.{x.Stem}.cs launches from: {string.Join(", ", x.Used.Order())}")
            .ToList();
        Assert.That(wrong, Is.Empty, "IlgpuBackend.<Stem>.cs should load its kernels from <Stem>Kernels and no other kernel file");
    }

    [Test]
    public void TheReadmeTableNamesEveryFamilysFiles()
    {
        string readme = File.ReadAllText(Path.Combine(KernelsFolder(), "README.md"));
        var missing = Stems.SelectMany(Expected).Concat(FastFolders.Values).Where(f => !readme.Contains($"`{f}`", StringComparison.Ordinal)).ToList();
        Assert.That(missing, Is.Empty, "src/Kernels/README.md's family table should name these files");
    }
}
