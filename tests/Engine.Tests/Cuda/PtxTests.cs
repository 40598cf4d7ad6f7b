// Checks that need no GPU: the checked-in PTX is what tools/build-ptx.sh makes from the .cu files today, and
// every launch struct mirrors its .entry parameter list (count, size, offset, kind) in every PTX tier.
namespace Engine.Tests.Cuda;

using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Engine.Kernels;
using Engine.Kernels.Cuda;
using Engine.Kernels.Cuda.Driver;
using NUnit.Framework;

public sealed class PtxTests
{
    private static readonly Type[] s_argTypes = typeof(CudaBackend).Assembly.GetTypes()
        .Where(t => t.IsValueType && typeof(IKernelArgs).IsAssignableFrom(t)).ToArray();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Engine.sln not found above the test directory.");
    }

    private static string Static(Type t, string property) =>
        (string)t.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    [Test]
    public void CheckedInPtxIsFresh()
    {
        string root = RepositoryRoot();
        string temp = Path.Combine(Path.GetTempPath(), "engine-ptx-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "tools", "build-ptx.sh"), temp])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 2)
        {
            Assert.Ignore($"clang-19 is not installed, so the PTX cannot be regenerated here: {errors.Trim()}");
        }
        try
        {
            Assert.That(process.ExitCode, Is.Zero, errors);
            foreach (string tier in PtxResources.Tiers)
            {
                foreach (string module in CudaKernels.ModuleNames)
                {
                    string fresh = File.ReadAllText(Path.Combine(temp, tier, module + ".ptx"));
                    string checkedIn = File.ReadAllText(Path.Combine(root, "src/Kernels/Cuda/ptx", tier, module + ".ptx"));
                    Assert.That(checkedIn, Is.EqualTo(fresh), $"ptx/{tier}/{module}.ptx is stale: run tools/build-ptx.sh");
                }
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Test]
    public void EveryCuFileHasAModule()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src/Kernels/Cuda/kernels"), "*.cu")
            .Select(Path.GetFileNameWithoutExtension).Order();
        Assert.That(CudaKernels.ModuleNames, Is.EqualTo(files));
    }

    [TestCaseSource(typeof(PtxResources), nameof(PtxResources.Tiers))]
    public void LaunchStructsMirrorEntryPoints(string tier)
    {
        var entries = CudaKernels.ModuleNames.ToDictionary(m => m, m => PtxSignature.Parse(PtxResources.Read(tier, m)));
        var covered = new HashSet<string>();
        foreach (var type in s_argTypes)
        {
            string entryPoint = Static(type, nameof(IKernelArgs.EntryPoint)), module = Static(type, nameof(IKernelArgs.Module));
            Assert.That(entries[module].TryGetValue(entryPoint, out var entry), $"{type.Name}: {module}.ptx has no .entry {entryPoint}");
            Assert.That(covered.Add(entryPoint), $"two structs launch {entryPoint}");
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .OrderBy(f => Marshal.OffsetOf(type, f.Name)).ToArray();
            Assert.That(fields, Has.Length.EqualTo(entry!.Parameters.Count), $"{type.Name} vs {entryPoint}: parameter count");
            for (int i = 0; i < fields.Length; i++)
            {
                var (field, param) = (fields[i], entry.Parameters[i]);
                string where = $"{type.Name}.{field.Name} vs {entryPoint} parameter {i} (.{param.Type})";
                Assert.That(Marshal.SizeOf(field.FieldType), Is.EqualTo(param.Size), where + ": size");
                Assert.That((int)Marshal.OffsetOf(type, field.Name), Is.EqualTo(param.Offset), where + ": offset");
                string kind = field.FieldType == typeof(float) ? "f" : "bsu";
                Assert.That(kind, Does.Contain(param.Type[..1]), where + ": float vs integer");
            }
            Assert.That(Marshal.SizeOf(type), Is.GreaterThanOrEqualTo(entry.ParameterBytes).And.LessThan(entry.ParameterBytes + 8), type.Name);
        }
        var uncovered = entries.Values.SelectMany(e => e.Keys).Where(k => !covered.Contains(k)).ToArray();
        Assert.That(uncovered, Is.Empty, "entry points without a launch struct");
    }

    [Test]
    public void CuOpCodesFollowTheCSharpEnums()
    {
        string source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src/Kernels/Cuda/kernels/elementwise.cu"));
        var enums = Regex.Matches(source, @"enum \{([^}]*)\}").Select(m => m.Groups[1].Value.Split(',').Select(s => s.Trim()).ToArray()).ToArray();
        static string Snake(string name) => Regex.Replace(name, "(?<=[a-z])([A-Z])", "_$1").ToUpperInvariant();
        Assert.That(enums[0], Is.EqualTo(Enum.GetNames<UnaryOp>().Select(n => "U_" + Snake(n))));
        Assert.That(enums[1], Is.EqualTo(Enum.GetNames<BinaryOp>().Select(n => "B_" + Snake(n))));
    }

    [Test]
    public void PtxParserReadsOffsetsWithNaturalAlignment()
    {
        const string ptx = ".visible .entry k(\n\t.param .u64 k_param_0,\n\t.param .u32 k_param_1,\n\t.param .u64 k_param_2,\n\t.param .f32 k_param_3\n)\n{";
        var entry = PtxSignature.Parse(ptx)["k"];
        Assert.That(entry.Parameters.Select(p => p.Offset), Is.EqualTo(new[] { 0, 8, 16, 24 }));
        Assert.That(entry.ParameterBytes, Is.EqualTo(28));
    }
}
