// A short BenchmarkDotNet configuration for the CPU suites (in-process, 1 launch, 3 warm-ups, 5 iterations)
// and a GFLOP/s column computed from each case's multiply-add count.
namespace Engine.Bench.Cpu;

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

public sealed class CpuBenchConfig : ManualConfig
{
    public CpuBenchConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessNoEmitToolchain.Instance));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(new GflopsColumn());
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}

/// <summary>A benchmark class that knows how many floating-point operations one invocation of a case does.</summary>
public interface IFlopCounted
{
    double Flops(string method, IReadOnlyDictionary<string, object> parameters);
}

public sealed class GflopsColumn : IColumn
{
    public string Id => "GFLOPs";
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "10^9 floating-point operations per second (2 per multiply-add) at the mean time";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics ||
            Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IFlopCounted counted)
        {
            return "-";
        }
        var parameters = benchmarkCase.Parameters.Items.ToDictionary(p => p.Name, p => p.Value);
        double flops = counted.Flops(benchmarkCase.Descriptor.WorkloadMethod.Name, parameters);
        return (flops / statistics.Mean).ToString("F1");   // flops per ns = GFLOP/s
    }
}
