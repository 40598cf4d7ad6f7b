// Errors from the driver, carrying the CUresult name, the call that failed and where; Check() is the one
// helper every driver call goes through (the C# form of llm.c's cudaCheck with __FILE__/__LINE__).
namespace Engine.Kernels.Cuda.Driver;

using System.Runtime.InteropServices;

public class CudaException : Exception
{
    public CudaException(string message, int result = 0)
        : base(message) => Result = result;

    /// <summary>The CUresult (0 when the error did not come from a driver call).</summary>
    public int Result { get; }

    /// <summary>Errors after which the context is unusable (illegal address, launch failure, ...): the process must restart.</summary>
    public bool IsSticky => Result is 700 or 710 or 714 or 715 or 716 or 717 or 718 or 719;
}

/// <summary>Thrown when CUDA cannot be used at all; the message is one sentence meant for the user.</summary>
public sealed class CudaUnavailableException(string message) : CudaException(message);

/// <summary>A device allocation that did not fit, with the requested and free sizes.</summary>
public sealed class CudaOutOfMemoryException(string message) : CudaException(message, CudaApi.CUDA_ERROR_OUT_OF_MEMORY);

internal static class Cu
{
    /// <summary>Throws a <see cref="CudaException"/> naming the driver error, the call and the source line unless result is 0.</summary>
    public static void Check(
        int result,
        [CallerArgumentExpression(nameof(result))] string call = "",
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
    {
        if (result != CudaApi.CUDA_SUCCESS)
        {
            throw new CudaException(
                $"{call} failed with {ErrorName(result)} ({result}): {ErrorDescription(result)} " +
                $"[{Path.GetFileName(file)}:{line}]", result);
        }
    }

    public static string ErrorName(int result) =>
        CudaApi.cuGetErrorName(result, out nint p) == 0 && p != 0 ? Marshal.PtrToStringUTF8(p) ?? "?" : $"CUresult {result}";

    public static string ErrorDescription(int result) =>
        CudaApi.cuGetErrorString(result, out nint p) == 0 && p != 0 ? Marshal.PtrToStringUTF8(p) ?? "" : "unknown error";

    public static uint CeilDiv(long a, int b) => checked((uint)((a + b - 1) / b));
}
