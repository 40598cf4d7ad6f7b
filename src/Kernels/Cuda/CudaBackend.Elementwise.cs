// CudaBackend: fill, block copy, elementwise maps and the two reductions (copy.cu, elementwise.cu, reduce.cu).
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Cuda.Launch;

public sealed partial class CudaBackend
{
    public void Fill(float value, int count, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        Kernels.Launch(new FillForward(value, count, Out(output, count)), GridFor(count), Threads);
    }

    public void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output)
    {
        if (blockCount <= 0 || blockLength <= 0) return;
        long inputNeeded = inputOffset + (long)(blockCount - 1) * inputStride + blockLength;
        long outputNeeded = outputOffset + (long)(blockCount - 1) * outputStride + blockLength;
        var args = new CopyBlocksForward(In(input, inputNeeded), blockCount, blockLength, inputStride, inputOffset,
            outputStride, outputOffset, Out(output, outputNeeded));
        Kernels.Launch(args, GridFor((long)blockCount * blockLength), Threads);
    }

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        Kernels.Launch(new UnaryForward(In(input, count), (int)op, count, alpha, beta, Out(output, count)), GridFor(count), Threads);
    }

    public void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new UnaryBackward(In(input, count), In(output, count), In(dOutput, count), (int)op, count, alpha, beta,
            Out(dInput, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output)
    {
        ReferenceBackend<float>.CheckBroadcast(count, bLength, bInner);
        if (count == 0) return;
        var args = new BinaryForward(In(a, count), In(b, bLength), (int)op, count, bLength, bInner, Out(output, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        Kernels.Launch(new AddScaledForward(In(a, count), In(b, count), count, scale, Out(output, count)), GridFor(count), Threads);
    }

    public void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output)
    {
        long outputs = (long)outer * inner;
        if (outputs <= 0) return;
        var args = new SumForward(In(input, outputs * middle), outer, middle, inner, Out(output, outputs));
        Kernels.Launch(args, GridFor(outputs), Threads);
    }

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output)
    {
        if (middle <= 0) return;
        var args = new SumToMiddleForward(In(input, (long)outer * middle * inner), outer, middle, inner, Out(output, middle));
        Kernels.Launch(args, (uint)middle, Threads);   // one block per output, fixed-tree reduction
    }
}
