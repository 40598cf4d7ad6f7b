// Thrown when a requested device cannot be used at all; the message is one sentence meant for the user
// ("CUDA is not available: ... (use --device cpu or ilgpu-cpu)."), printed without a stack trace by the CLI.
namespace Engine.Kernels;

public sealed class DeviceUnavailableException(string message) : Exception(message);
