// The embedded PTX modules of one arch tier, loaded (JIT-compiled) once per context, and the typed launch:
// Launch(args, grid, block) finds the entry point named by the args struct and queues it on the stream.
// Tiers: ptx/sm80 (PTX ISA 7.0) for compute capability 8.0 and up, ptx/sm70 (PTX ISA 6.3) as the baseline.
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cuda.Driver;

public sealed class CudaKernels : IDisposable
{
    /// <summary>The .cu files, one PTX module each.</summary>
    public static readonly string[] ModuleNames =
        ["batchnorm", "conv", "copy", "elementwise", "gemm", "losses", "optim", "random", "reduce", "softmax"];

    private readonly Dictionary<string, CudaModule> _modules = new();
    private readonly Dictionary<Type, CudaFunction> _functions = new();
    private readonly CudaContext _context;
    private readonly CudaStream _stream;
    private readonly bool _syncEachLaunch = Environment.GetEnvironmentVariable("ENGINE_CUDA_SYNC") == "1";

    public CudaKernels(CudaContext context, CudaStream stream)
    {
        _context = context;
        _stream = stream;
        string? forced = Environment.GetEnvironmentVariable("ENGINE_CUDA_PTX");   // "sm70" or "sm80"
        string[] tiers = forced is not null ? [forced]
            : context.Info.ComputeMajor >= 8 ? ["sm80", "sm70"] : ["sm70"];
        var failures = new List<string>();
        foreach (string tier in tiers)
        {
            try
            {
                foreach (string name in ModuleNames)
                {
                    _modules[name] = new CudaModule(context, name, PtxResources.Read(tier, name));
                }
                Tier = tier;
                return;
            }
            catch (CudaException e)
            {
                failures.Add($"[{tier}] {e.Message}");
                DisposeModules();
            }
        }
        throw new CudaException($"No PTX tier loads on {context.Info}:\n" + string.Join("\n", failures));
    }

    /// <summary>The PTX tier in use ("sm80" or "sm70").</summary>
    public string Tier { get; } = "";

    public IReadOnlyCollection<CudaModule> Modules => _modules.Values;

    /// <summary>Queues the entry point named by <typeparamref name="TArgs"/> with these arguments.</summary>
    public void Launch<TArgs>(in TArgs args, Dim3 grid, Dim3 block, uint sharedBytes = 0)
        where TArgs : unmanaged, IKernelArgs
    {
        _context.Bind();   // the caller may be on any thread; contexts are per thread
        if (!_functions.TryGetValue(typeof(TArgs), out var function))
        {
            if (!_modules.TryGetValue(TArgs.Module, out var module))
            {
                throw new CudaException($"{typeof(TArgs).Name} names module '{TArgs.Module}', which is not loaded.");
            }
            function = module.GetFunction(TArgs.EntryPoint);
            KernelLaunch.CheckSize<TArgs>(function);
            _functions[typeof(TArgs)] = function;
        }
        KernelLaunch.Launch(function, grid, block, sharedBytes, _stream.Handle, args);
        if (_syncEachLaunch)
        {
            _stream.Synchronize();   // ENGINE_CUDA_SYNC=1: report a faulting kernel by name
        }
    }

    public void Dispose() => DisposeModules();

    private void DisposeModules()
    {
        foreach (var module in _modules.Values)
        {
            module.Dispose();
        }
        _modules.Clear();
        _functions.Clear();
    }
}

/// <summary>The checked-in PTX, embedded as resources named "ptx/{tier}/{module}.ptx".</summary>
public static class PtxResources
{
    public static readonly string[] Tiers = ["sm70", "sm80"];

    public static string Read(string tier, string module)
    {
        string name = $"ptx/{tier}/{module}.ptx";
        using var stream = typeof(PtxResources).Assembly.GetManifestResourceStream(name)
            ?? throw new CudaException($"Embedded PTX resource '{name}' is missing (run tools/build-ptx.sh and rebuild).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
