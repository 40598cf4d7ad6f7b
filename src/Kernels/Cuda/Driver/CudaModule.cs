// One PTX module, JIT-compiled by the driver once at start-up; failures surface the JIT error log.
// The PTX text must be NUL-terminated for cuModuleLoadDataEx (clang does not write the NUL).
namespace Engine.Kernels.Cuda.Driver;

using System.Text;

public sealed class CudaModule : IDisposable
{
    private readonly CudaContext _context;
    private readonly IReadOnlyDictionary<string, PtxEntry> _entries;

    public unsafe CudaModule(CudaContext context, string name, string ptx)
    {
        _context = context;
        Name = name;
        _entries = PtxSignature.Parse(ptx);
        byte[] image = new byte[Encoding.UTF8.GetByteCount(ptx) + 1];   // trailing 0 = the NUL terminator
        Encoding.UTF8.GetBytes(ptx, image);
        const int LogSize = 16 * 1024;
        byte* errorLog = stackalloc byte[LogSize];
        byte* infoLog = stackalloc byte[LogSize];
        errorLog[0] = 0;
        infoLog[0] = 0;
        int* options = stackalloc int[]
        {
            CudaApi.CU_JIT_ERROR_LOG_BUFFER, CudaApi.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
            CudaApi.CU_JIT_INFO_LOG_BUFFER, CudaApi.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
        };
        void** values = stackalloc void*[] { errorLog, (void*)LogSize, infoLog, (void*)LogSize };
        context.Bind();
        int result;
        fixed (byte* p = image)
        {
            result = CudaApi.cuModuleLoadDataEx(out nint module, p, 4, options, values);
            Handle = module;
        }
        if (result != CudaApi.CUDA_SUCCESS)
        {
            string log = new string((sbyte*)errorLog).Trim();
            throw new CudaException(
                $"Loading PTX module '{name}' failed with {Cu.ErrorName(result)} ({result}): {Cu.ErrorDescription(result)}." +
                (log.Length > 0 ? $" JIT log:\n{log}" : " The JIT error log is empty."), result);
        }
        InfoLog = new string((sbyte*)infoLog).Trim();
    }

    public string Name { get; }

    /// <summary>What ptxas said while compiling (registers, spills) when it said anything.</summary>
    public string InfoLog { get; }

    internal nint Handle { get; private set; }

    public bool HasEntry(string entryPoint) => _entries.ContainsKey(entryPoint);

    internal CudaFunction GetFunction(string entryPoint)
    {
        if (!_entries.TryGetValue(entryPoint, out var entry))
        {
            throw new CudaException($"PTX module '{Name}' has no entry point '{entryPoint}'.");
        }
        _context.Bind();
        Cu.Check(CudaApi.cuModuleGetFunction(out nint function, Handle, entryPoint));
        return new CudaFunction(function, entry);
    }

    public void Dispose()
    {
        if (Handle != 0)
        {
            _context.Bind();
            CudaApi.cuModuleUnload(Handle);
            Handle = 0;
        }
    }
}

/// <summary>A kernel handle with the parameter list read from its PTX.</summary>
internal sealed record CudaFunction(nint Handle, PtxEntry Entry);
