// Where a training step spends its time, per IBackend primitive: wraps the backend in a timing proxy, runs
// training steps, and prints milliseconds per step for each primitive. Run: Engine.Bench profile [ae24|vae2] [steps].
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using System.Reflection;
using Engine.Kernels;

public class TimingProxy : DispatchProxy
{
    private IBackend _inner = null!;

    public Dictionary<string, (double Milliseconds, int Calls)> Totals { get; } = new();

    public static (IBackend Backend, TimingProxy Proxy) Wrap(IBackend inner)
    {
        var backend = Create<IBackend, TimingProxy>();
        var proxy = (TimingProxy)(object)backend;
        proxy._inner = inner;
        return (backend, proxy);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var watch = Stopwatch.StartNew();
        var result = method!.Invoke(_inner, args);
        string key = method.Name switch
        {
            "Unary" or "UnaryBackward" or "Binary" => $"{method.Name}({args![0]})",
            _ when args!.OfType<ConvGeometry>().FirstOrDefault() is { N: > 0 } g =>
                $"{method.Name} C{g.C} K{g.K} {g.H}x{g.W} k{g.R} s{g.StrideH}",
            _ => method.Name,
        };
        var (ms, calls) = Totals.GetValueOrDefault(key);
        Totals[key] = (ms + watch.Elapsed.TotalMilliseconds, calls + 1);
        return result;
    }
}

public static class PrimitiveProfile
{
    public static void Run(string model, int steps)
    {
        var (backend, proxy) = TimingProxy.Wrap(Backends.Cpu);
        var step = new TrainingStep(model, 64, Environment.ProcessorCount, backend);
        for (int i = 0; i < 30; i++) step.Step();                   // warm up: tiered JIT reaches optimised code
        proxy.Totals.Clear();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) step.Step();
        double total = watch.Elapsed.TotalMilliseconds / steps;
        Console.WriteLine($"{model}: {total:F1} ms per step; per primitive (ms per step, calls per step):");
        foreach (var (name, (ms, calls)) in proxy.Totals.OrderByDescending(t => t.Value.Milliseconds))
        {
            Console.WriteLine($"  {name,-48} {ms / steps,8:F2} {calls / steps,6}");
        }
        Console.WriteLine($"  {"(outside primitives)",-48} {total - proxy.Totals.Values.Sum(v => v.Milliseconds) / steps,8:F2}");
    }
}
