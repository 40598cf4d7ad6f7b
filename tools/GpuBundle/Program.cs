// engine-gpu: the GPU bundle's entry point. Verbs:
//   devices                          the CPU, ilgpu-cpu and every CUDA GPU ILGPU sees
//   selftest [--device D] [FILTER]   every conformance case (tests/Engine.Tests/BackendSuite/Cases) on D vs the CPU reference
//   step-parity [--device D]         one AE and one VAE training step on D vs the CPU backend (loss, every gradient)
//   train ...                        the engine CLI itself (engine train ... --device cuda)
//   bench [--device D]               the kernel lab (bench/Engine.Bench/Gpu)
// D defaults to cuda; without a GPU the verbs say so in one sentence and exit 2 (ilgpu-cpu runs anywhere).
using Engine.Bench.Gpu;
using Engine.Kernels;
using Engine.Kernels.Ilgpu;
using Engine.Tests.BackendSuite.Cases;

string verb = args.Length > 0 ? args[0] : "help";
string device = "cuda";
var rest = new List<string>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--device" && i + 1 < args.Length) device = args[++i];
    else rest.Add(args[i]);
}

if (verb == "train")
{
    return Engine.Cli.EngineCommand.Run(args);
}
if (verb == "devices")
{
    return Engine.Cli.EngineCommand.Run(["devices"]);
}
if (verb is not ("selftest" or "step-parity" or "bench"))
{
    Console.WriteLine("usage: engine-gpu devices | selftest [--device cuda|cuda:N|ilgpu-cpu] [FILTER] | step-parity [--device D] | train ... | bench [--device D]");
    return verb == "help" ? 0 : 1;
}

IlgpuBackend backend;
try
{
    backend = Backends.Resolve(device) as IlgpuBackend
        ?? throw new ArgumentException($"'{device}' is not an ILGPU device; use cuda, cuda:N or ilgpu-cpu.");
}
catch (Exception e) when (e is DeviceUnavailableException or ArgumentException)
{
    Console.Error.WriteLine($"engine-gpu: {e.Message}");
    return 2;
}
Console.WriteLine($"# {backend.Name}: {backend.AcceleratorName}");

if (verb == "bench")
{
    new GpuKernelLab(backend, Console.Out, quick: device == "ilgpu-cpu").RunAll();
    return 0;
}
if (verb == "step-parity")
{
    int failed = 0;
    foreach (var (name, run) in new (string, Func<string?>)[]
    {
        ("AE step, batch 8", () => StepParity.Autoencoder(Backends.Cpu, backend, 8)),
        ("VAE step, batch 8", () => StepParity.VariationalAutoencoder(Backends.Cpu, backend, 8)),
    })
    {
        string? failures = run();
        Console.WriteLine(failures is null ? $"ok    {name}" : $"FAIL  {name}\n{failures}");
        failed += failures is null ? 0 : 1;
    }
    return failed == 0 ? 0 : 1;
}

string filter = rest.Count > 0 ? rest[0] : "";
int passed = 0, failedCases = 0;
foreach (var testCase in ConformanceCases.All.Where(c => c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
{
    string? failures;
    try
    {
        failures = testCase.Run(backend, Backends.Reference);
        backend.Synchronize();
    }
    catch (Exception e)
    {
        failures = $"{e.GetType().Name}: {e.Message}";
    }
    if (failures is null)
    {
        passed++;
        continue;
    }
    failedCases++;
    Console.WriteLine($"FAIL  {testCase.Name}\n      {failures.Replace("\n", "\n      ")}");
}
Console.WriteLine($"{passed} passed, {failedCases} failed");
return failedCases == 0 ? 0 : 1;
