// Which machine a tensor lives on: the CPU or one CUDA GPU (by ordinal).
namespace Engine.Kernels;

public enum DeviceKind { Cpu, Cuda }

public readonly record struct Device(DeviceKind Kind, int Ordinal = 0)
{
    public static Device Cpu => new(DeviceKind.Cpu);

    public static Device Cuda(int ordinal = 0) => new(DeviceKind.Cuda, ordinal);

    public override string ToString() => Kind == DeviceKind.Cpu ? "cpu" : $"cuda:{Ordinal}";
}
