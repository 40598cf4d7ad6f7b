// CudaBackend: fused losses (one-block deterministic sums into output[0]; backward reads dOutput[0] on the
// device), random fills and reparametrization, and the optimizer updates (losses.cu, random.cu, optim.cu).
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cuda.Driver;
using Engine.Kernels.Cuda.Launch;

public sealed partial class CudaBackend
{
    private const int SumThreads = 512;   // the single block of the loss sums

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output)
    {
        CheckCount(count);
        Kernels.Launch(new BceForward(In(prediction, count), In(target, count), count, Out(output, 1)), 1u, SumThreads);
    }

    public void BceBackward(DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new BceBackward(In(prediction, count), In(target, count), In(dOutput, 1), count, scale, Out(dInput, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void ErrorForward(DeviceBuffer prediction, DeviceBuffer target, int count, bool absolute, DeviceBuffer output)
    {
        CheckCount(count);
        var args = new ErrorForward(In(prediction, count), In(target, count), count, absolute ? 1 : 0, Out(output, 1));
        Kernels.Launch(args, 1u, SumThreads);
    }

    public void ErrorBackward(
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, bool absolute, float scale, DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new ErrorBackward(In(prediction, count), In(target, count), In(dOutput, 1), count, absolute ? 1 : 0, scale,
            Out(dInput, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output)
    {
        CheckCount(rows); CheckCount(cols);
        long total = (long)rows * cols;
        Kernels.Launch(new CrossEntropyForward(In(logits, total), In(target, total), rows, cols, Out(output, 1)), 1u, SumThreads);
    }

    public void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        var args = new CrossEntropyBackward(In(logits, total), In(target, total), In(dOutput, 1), rows, cols, scale, Out(dInput, total));
        Kernels.Launch(args, Cu.CeilDiv(rows, RowsPerBlock), Threads);   // one warp per row
    }

    public void GaussianKlForward(DeviceBuffer mu, DeviceBuffer logVar, int count, DeviceBuffer output)
    {
        CheckCount(count);
        Kernels.Launch(new GaussianKlForward(In(mu, count), In(logVar, count), count, Out(output, 1)), 1u, SumThreads);
    }

    public void GaussianKlBackward(
        DeviceBuffer mu, DeviceBuffer logVar, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dMu, DeviceBuffer dLogVar)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new GaussianKlBackward(In(mu, count), In(logVar, count), In(dOutput, 1), count, scale, Out(dMu, count),
            Out(dLogVar, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void SparsityKlForward(DeviceBuffer meanActivation, int count, float rho, DeviceBuffer output)
    {
        CheckCount(count);
        Kernels.Launch(new SparsityKlForward(In(meanActivation, count), count, rho, Out(output, 1)), 1u, SumThreads);
    }

    public void SparsityKlBackward(
        DeviceBuffer meanActivation, DeviceBuffer dOutput, int count, float rho, float scale, DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new SparsityKlBackward(In(meanActivation, count), In(dOutput, 1), count, rho, scale, Out(dInput, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        Kernels.Launch(new RandomUniformForward(seed, offset, count, low, high, Out(output, count)), GridFor(count), Threads);
    }

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        Kernels.Launch(new RandomNormalForward(seed, offset, count, mean, std, Out(output, count)), GridFor(count), Threads);
    }

    public void Reparametrize(DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new ReparametrizeForward(In(mu, count), In(logVar, count), seed, offset, count, Out(z, count), Out(eps, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void ReparametrizeBackward(DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new ReparametrizeBackward(In(logVar, count), In(eps, count), In(dZ, count), count, Out(dMu, count), Out(dLogVar, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v)
    {
        CheckCount(count);
        if (count == 0) return;
        // the per-step scalars in float, exactly as the C# reference computes them
        float biasCorrection1 = 1.0f - MathF.Pow(beta1, step);
        float biasCorrection2 = 1.0f - MathF.Pow(beta2, step);
        float stepSize = lr / biasCorrection1;
        float sqrtBias2 = MathF.Sqrt(biasCorrection2);
        var args = new AdamUpdate(In(grad, count), count, beta1, beta2, eps, weightDecay, stepSize, sqrtBias2,
            Out(param, count), Out(m, count), Out(v, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }

    public void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer)
    {
        CheckCount(count);
        if (count == 0) return;
        var args = new SgdUpdate(In(grad, count), count, lr, momentum, weightDecay, Out(param, count), Out(momentumBuffer, count));
        Kernels.Launch(args, GridFor(count), Threads);
    }
}
