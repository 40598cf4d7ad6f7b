// GpuRunner: `GpuRunner [check [FILTER] [--cpu]|bench [--quick]|devices]`. check runs every CUDA conformance case
// against the CPU reference and prints "N passed, N failed" (exit 1 on failure); --cpu runs the same cases on
// the CPU backend instead (a self-test of the bundle on a machine without a GPU); bench runs the GPU kernel lab.
// Without a GPU it says why in one sentence and exits with 2.
using System.Diagnostics;
using Engine.Bench.Gpu;
using Engine.Kernels;
using Engine.Kernels.Cuda;
using Engine.Kernels.Cuda.Driver;
using Engine.Tests.Cuda.Conformance;

string command = args.Length > 0 ? args[0] : "check";
string? filter = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
Console.WriteLine($"GpuRunner {command}: .NET {Environment.Version}, {Environment.OSVersion}");
if (command == "check" && args.Contains("--cpu"))
{
    return Check(Backends.Cpu, filter);
}
if (!CudaDevices.IsAvailable(out string reason))
{
    Console.WriteLine($"No GPU: {reason}");
    return 2;
}
Console.WriteLine(reason);
foreach (var device in CudaDevices.List())
{
    Console.WriteLine($"  {device}");
}
if (command == "devices")
{
    return 0;
}

var clock = Stopwatch.StartNew();
using var backend = new CudaBackend(0);
Console.WriteLine($"PTX tier {backend.Kernels.Tier}: {backend.Kernels.Modules.Count} modules JIT-compiled in {clock.ElapsedMilliseconds} ms");
if (command == "bench")
{
    new GpuBenchmarks(backend, Console.Out, quick: args.Contains("--quick")).RunAll();
    return 0;
}
if (command != "check")
{
    Console.WriteLine($"Unknown command '{command}': use check [FILTER], bench [--quick] or devices.");
    return 64;
}

return Check(backend, filter);

static int Check(IBackend backend, string? filter)
{
    var clock = Stopwatch.StartNew();
    int passed = 0, failed = 0;
    foreach (var testCase in CudaConformanceCases.All)
    {
        if (filter is not null && !testCase.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
        {
            continue;
        }
        string? failures;
        try
        {
            failures = testCase.Run(backend, Backends.Reference);
            backend.Synchronize();
        }
        catch (Exception e)
        {
            failures = $"{e.GetType().Name}: {e.Message}";
            if (e is CudaException { IsSticky: true })
            {
                Console.WriteLine($"FAIL {testCase.Name}\n  {failures}\n  sticky CUDA error: the remaining cases cannot run (rerun with ENGINE_CUDA_SYNC=1 and a FILTER)");
                failed++;
                break;
            }
        }
        if (failures is null)
        {
            passed++;
            Console.WriteLine($"pass {testCase.Name}");
        }
        else
        {
            failed++;
            Console.WriteLine($"FAIL {testCase.Name}\n  {failures.Replace("\n", "\n  ")}");
        }
    }
    Console.WriteLine($"{passed} passed, {failed} failed on {backend.Name} ({clock.Elapsed.TotalSeconds:F1} s)");
    return failed == 0 ? 0 : 1;
}
