// The PTX gate: every ILGPU kernel (IlgpuKernelCatalog) compiled by ILGPU's PTXBackend for sm_70, sm_80 and sm_90
// (fresh context per kernel, ISA 7.8) and assembled by ptxas. Fails on a compiler error, on any `.extern .func`
// (an unresolved call such as MathF.FusedMultiplyAdd, which the CPU accelerator would happily run) and on any
// ptxas error. ptxas comes from Debian's nvidia-cuda-toolkit: tools/fetch-ptxas.sh puts it in .cache/cuda/ (CI runs
// it); $ENGINE_PTXAS overrides. Registers and spills per kernel go to TestResults/ptx-gate.md (bench/RESULTS.md).
namespace Engine.Tests.BackendSuite;

using System.Diagnostics;
using System.Text.RegularExpressions;
using Engine.Kernels.Ilgpu;
using NUnit.Framework;

[TestFixture]
[Category(TestCategories.PtxGate)]
public sealed partial class PtxGateTests
{
    private static readonly List<string> s_report = [];

    private static IEnumerable<IlgpuKernel> Kernels => IlgpuKernelCatalog.All;

    [TestCaseSource(nameof(Kernels))]
    public void CompilesAndAssemblesForEveryArchitecture(IlgpuKernel kernel)
    {
        var ptx = PtxCompiler.Compile(kernel, PtxCompiler.Architectures);
        string? ptxas = FindPtxas();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (architecture, text) in ptx)
            {
                string arch = PtxCompiler.Name(architecture);
                Assert.That(text, Does.Contain(".entry"), $"{kernel} {arch}: no entry point");
                Assert.That(text, Does.Not.Contain(".extern .func"), $"{kernel} {arch}: unresolved external function");
                if (ptxas is not null)
                {
                    Assemble(ptxas, kernel, arch, text);
                }
            }
        }
        if (ptxas is null)
        {
            Assert.Ignore("compiled to PTX for sm_70/80/90; ptxas not found (run tools/fetch-ptxas.sh or set ENGINE_PTXAS), so not assembled");
        }
    }

    [OneTimeTearDown]
    public void WriteReport()
    {
        if (s_report.Count == 0)
        {
            return;
        }
        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        var lines = new List<string> { "| kernel | arch | registers | spill stores | spill loads | shared bytes |", "|---|---|---:|---:|---:|---:|" };
        lines.AddRange(s_report.Order(StringComparer.Ordinal));
        File.WriteAllLines(Path.Combine(folder, "ptx-gate.md"), lines);
    }

    private static void Assemble(string ptxas, IlgpuKernel kernel, string arch, string text)
    {
        string file = Path.Combine(Path.GetTempPath(), $"engine-ptx-{Environment.ProcessId}-{Guid.NewGuid():N}.ptx");
        File.WriteAllText(file, text);
        try
        {
            var start = new ProcessStartInfo(ptxas, ["-arch=" + arch, "-v", "-o", "/dev/null", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"{kernel} {arch}: ptxas failed:\n{output}");
            var registers = Registers().Match(output);
            var spills = Spills().Match(output);
            var shared = Shared().Match(output);
            lock (s_report)
            {
                s_report.Add($"| {kernel} | {arch} | {(registers.Success ? registers.Groups[1].Value : "?")} | " +
                    $"{(spills.Success ? spills.Groups[1].Value : "?")} | {(spills.Success ? spills.Groups[2].Value : "?")} | " +
                    $"{(shared.Success ? shared.Groups[1].Value : "0")} |");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>$ENGINE_PTXAS, else .cache/cuda/root/usr/bin/ptxas above the test folder (tools/fetch-ptxas.sh), else null.</summary>
    private static string? FindPtxas()
    {
        if (Environment.GetEnvironmentVariable("ENGINE_PTXAS") is { Length: > 0 } path)
        {
            return path;
        }
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".cache", "cuda", "root", "usr", "bin", "ptxas");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"Used (\d+) registers")]
    private static partial Regex Registers();

    [GeneratedRegex(@"(\d+) bytes spill stores, (\d+) bytes spill loads")]
    private static partial Regex Spills();

    [GeneratedRegex(@"(\d+) bytes smem")]
    private static partial Regex Shared();
}
