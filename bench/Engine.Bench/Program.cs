// Entry point of the benchmarks: `dotnet run -c Release --project bench/Engine.Bench -- <suite>`.
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "profile")
{
    Engine.Bench.Cpu.PrimitiveProfile.Run(args.Length > 1 ? args[1] : "ae24", args.Length > 2 ? int.Parse(args[2]) : 20,
        args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount, args.Length > 4 ? int.Parse(args[4]) : 64);
    return;
}
if (args.Length > 0 && args[0] == "probe")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i]) : fallback;
    Engine.Bench.Cpu.TrainingEpochProbe.Run(args.Length > 1 ? args[1] : "ae24", Arg(2, 64), Arg(3, 2), Arg(4, 938));
    return;
}
if (args.Length > 0 && args[0] == "cpu-lab")
{
    var rest = args.Skip(1).ToList();
    int torchAt = rest.IndexOf("--torch");
    string? torch = torchAt >= 0 && torchAt + 1 < rest.Count ? rest[torchAt + 1] : null;
    if (torchAt >= 0) rest.RemoveRange(torchAt, Math.Min(2, rest.Count - torchAt));
    int onlyAt = rest.IndexOf("--only");
    string? only = onlyAt >= 0 && onlyAt + 1 < rest.Count ? rest[onlyAt + 1] : null;
    if (onlyAt >= 0) rest.RemoveRange(onlyAt, Math.Min(2, rest.Count - onlyAt));
    Engine.Bench.Cpu.CpuLab.Run(rest.Count > 0 ? rest[0] : "all", rest.Count > 1 ? int.Parse(rest[1]) : Environment.ProcessorCount, torch, only);
    return;
}
if (args.Length > 0 && args[0] == "pack-probe")
{
    Engine.Bench.Cpu.PackProbe.Run(args.Length > 1 ? int.Parse(args[1]) : 50);
    return;
}
if (args.Length > 0 && args[0] == "peak")
{
    Engine.Bench.Cpu.FmaPeak.Run(args.Length > 1 ? int.Parse(args[1]) : Environment.ProcessorCount, args.Length > 2 ? int.Parse(args[2]) : null);
    return;
}
if (args.Length > 0 && args[0] == "phase-ab")
{
    Engine.Bench.Cpu.PhaseAb.Run(args.Length > 1 ? int.Parse(args[1]) : 30, args.Length > 2 ? int.Parse(args[2]) : Environment.ProcessorCount,
        args.Length > 3 && args[3] == "min");
    return;
}
if (args.Length > 0 && args[0] == "step-ab")
{
    Engine.Bench.Cpu.StepAb.Run(args.Length > 1 ? args[1] : "ae24", args.Length > 2 ? int.Parse(args[2]) : 60,
        args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount, args.Length > 4 ? args[4] : "ranges");
    return;
}
if (args.Length > 0 && args[0] == "gpu-lab")
{
    var device = args.Length > 1 ? args[1] : "ilgpu-cpu";
    var backend = (Engine.Kernels.Ilgpu.IlgpuBackend)Engine.Kernels.Backends.Resolve(device);
    new Engine.Bench.Gpu.GpuKernelLab(backend, Console.Out, quick: device == "ilgpu-cpu").RunAll();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
