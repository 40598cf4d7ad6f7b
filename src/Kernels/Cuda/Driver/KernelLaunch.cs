// Typed kernel launches: each .cu entry point has one [StructLayout(Sequential)] argument struct whose
// fields mirror its parameters in order; the struct is passed whole through CU_LAUNCH_PARAM_BUFFER_POINTER.
namespace Engine.Kernels.Cuda.Driver;

/// <summary>Implemented by every launch-argument struct: which entry point of which module it feeds.</summary>
public interface IKernelArgs
{
    /// <summary>The extern "C" __global__ name, e.g. "unary_forward".</summary>
    static abstract string EntryPoint { get; }

    /// <summary>The .cu file (and PTX module) that defines it, without extension, e.g. "elementwise".</summary>
    static abstract string Module { get; }
}

/// <summary>Grid or block dimensions.</summary>
public readonly record struct Dim3(uint X, uint Y = 1, uint Z = 1)
{
    public static implicit operator Dim3(uint x) => new(x);
}

internal static unsafe class KernelLaunch
{
    /// <summary>Queues <paramref name="function"/> on <paramref name="stream"/> with <paramref name="args"/> as its parameter buffer.</summary>
    public static void Launch<TArgs>(CudaFunction function, Dim3 grid, Dim3 block, uint sharedBytes, nint stream, in TArgs args)
        where TArgs : unmanaged, IKernelArgs
    {
        TArgs copy = args;
        nuint size = (nuint)function.Entry.ParameterBytes;   // exact size from the PTX (the struct may have tail padding)
        void** extra = stackalloc void*[5];
        extra[0] = (void*)CudaApi.CU_LAUNCH_PARAM_BUFFER_POINTER;
        extra[1] = &copy;
        extra[2] = (void*)CudaApi.CU_LAUNCH_PARAM_BUFFER_SIZE;
        extra[3] = &size;
        extra[4] = (void*)CudaApi.CU_LAUNCH_PARAM_END;
        int result = CudaApi.cuLaunchKernel(
            function.Handle, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, sharedBytes, stream, null, extra);
        if (result != CudaApi.CUDA_SUCCESS)
        {
            throw new CudaException(
                $"cuLaunchKernel({TArgs.EntryPoint}, grid {grid.X}x{grid.Y}x{grid.Z}, block {block.X}x{block.Y}x{block.Z}) " +
                $"failed with {Cu.ErrorName(result)} ({result}): {Cu.ErrorDescription(result)}", result);
        }
    }

    /// <summary>Checks once per struct that it is as large as the PTX parameter list (no more than tail padding beyond).</summary>
    public static void CheckSize<TArgs>(CudaFunction function)
        where TArgs : unmanaged, IKernelArgs
    {
        int bytes = function.Entry.ParameterBytes;
        if (sizeof(TArgs) < bytes || sizeof(TArgs) >= bytes + 8)
        {
            throw new CudaException(
                $"Launch struct {typeof(TArgs).Name} is {sizeof(TArgs)} bytes but {TArgs.EntryPoint} takes {bytes} bytes of parameters " +
                $"({function.Entry.Parameters.Count} parameters): the struct no longer mirrors the .cu signature.");
        }
    }
}
