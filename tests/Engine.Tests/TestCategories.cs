// The long suites, kept out of the README's test command by default.runsettings (its NUnit Where) and run by .ci/run as
// named stages of their own: `dotnet test tests/Engine.Tests -c Release -- NUnit.Where="cat == CliRuns"` runs one.
// A --filter on the command line replaces the Where, so `--filter Name~X` still finds a test in any category.
namespace Engine.Tests;

internal static class TestCategories
{
    /// <summary>The GPU kernels on ILGPU's CPU accelerator (every GPU thread run as CPU work): conformance, step parity, host copies.</summary>
    public const string IlgpuCpu = "IlgpuCpu";

    /// <summary>Every kernel compiled to PTX for sm_70/80/90 and assembled with ptxas.</summary>
    public const string PtxGate = "PtxGate";

    /// <summary>Whole `engine` runs: every verb and family end to end, kills and resumes, each training a model.</summary>
    public const string CliRuns = "CliRuns";
}
