// Which machine a tensor lives on: the CPU, one CUDA GPU (by ordinal), or ILGPU's CPU accelerator (the GPU kernels
// run on the CPU with the GPU's execution model: slow, for debugging and for readers without a GPU).
namespace Engine.Kernels;

public enum DeviceKind { Cpu, Cuda, IlgpuCpu }

public readonly record struct Device(DeviceKind Kind, int Ordinal = 0)
{
    public static Device Cpu => new(DeviceKind.Cpu);

    public static Device Cuda(int ordinal = 0) => new(DeviceKind.Cuda, ordinal);

    public static Device IlgpuCpu => new(DeviceKind.IlgpuCpu);

    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.IlgpuCpu => "ilgpu-cpu",
        _ => $"cuda:{Ordinal}",
    };
}
