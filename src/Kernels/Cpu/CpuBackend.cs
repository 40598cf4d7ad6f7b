// The CPU backend used for training (float32). Primitives without a fast kernel yet forward to the
// reference loops; fast kernels (blocked GEMM, SIMD, threads) replace them one by one and are tested
// against ReferenceBackend<float>.
namespace Engine.Kernels.Cpu;

using Engine.Kernels.Cpu.Reference;

public sealed class CpuBackend : IBackend
{
    private readonly ReferenceBackend<float> _reference = new();

    public string Name => "cpu";

    public Device Device => Device.Cpu;

    public DeviceBuffer Allocate(int length) => _reference.Allocate(length);

    public void Synchronize()
    {
    }

    public void Dispose() => _reference.Dispose();

    public void Fill(float value, int count, DeviceBuffer output) => _reference.Fill(value, count, output);

    public void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output) =>
        _reference.CopyBlocks(input, blockCount, blockLength, inputStride, inputOffset, outputStride, outputOffset, output);

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output) =>
        _reference.Unary(op, input, count, alpha, beta, output);

    public void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput) =>
        _reference.UnaryBackward(op, input, output, dOutput, count, alpha, beta, dInput);

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output) =>
        _reference.Binary(op, a, b, count, bLength, bInner, output);

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output) =>
        _reference.AddScaled(a, b, count, scale, output);

    public void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        _reference.Sum(input, outer, middle, inner, output);

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        _reference.SumToMiddle(input, outer, middle, inner, output);

    public void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
        DeviceBuffer c) =>
        _reference.Gemm(a, b, m, n, k, transposeA, transposeB, alpha, beta, c);

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output) =>
        _reference.Conv2dForward(input, weight, g, output);

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput) =>
        _reference.Conv2dBackwardData(dOutput, weight, g, dInput);

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight) =>
        _reference.Conv2dBackwardWeight(input, dOutput, g, dWeight);

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar) =>
        _reference.BatchNormForwardTrain(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd,
            runningMean, runningVar);

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output) =>
        _reference.BatchNormForwardEval(input, gamma, beta, runningMean, runningVar, n, c, s, eps, output);

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta) =>
        _reference.BatchNormBackward(input, gamma, saveMean, saveInvStd, dOutput, n, c, s, dInput, dGamma, dBeta);

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output) =>
        _reference.Softmax(input, rows, cols, log, output);

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput) =>
        _reference.SoftmaxBackward(output, dOutput, rows, cols, log, dInput);

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output) =>
        _reference.BceForward(prediction, target, count, output);

    public void BceBackward(
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput) =>
        _reference.BceBackward(prediction, target, dOutput, count, scale, dInput);

    public void ErrorForward(DeviceBuffer prediction, DeviceBuffer target, int count, bool absolute, DeviceBuffer output) =>
        _reference.ErrorForward(prediction, target, count, absolute, output);

    public void ErrorBackward(
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, bool absolute, float scale,
        DeviceBuffer dInput) =>
        _reference.ErrorBackward(prediction, target, dOutput, count, absolute, scale, dInput);

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output) =>
        _reference.CrossEntropyForward(logits, target, rows, cols, output);

    public void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput) =>
        _reference.CrossEntropyBackward(logits, target, dOutput, rows, cols, scale, dInput);

    public void GaussianKlForward(DeviceBuffer mu, DeviceBuffer logVar, int count, DeviceBuffer output) =>
        _reference.GaussianKlForward(mu, logVar, count, output);

    public void GaussianKlBackward(
        DeviceBuffer mu, DeviceBuffer logVar, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dMu, DeviceBuffer dLogVar) =>
        _reference.GaussianKlBackward(mu, logVar, dOutput, count, scale, dMu, dLogVar);

    public void SparsityKlForward(DeviceBuffer meanActivation, int count, float rho, DeviceBuffer output) =>
        _reference.SparsityKlForward(meanActivation, count, rho, output);

    public void SparsityKlBackward(
        DeviceBuffer meanActivation, DeviceBuffer dOutput, int count, float rho, float scale, DeviceBuffer dInput) =>
        _reference.SparsityKlBackward(meanActivation, dOutput, count, rho, scale, dInput);

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output) =>
        _reference.RandomUniform(seed, offset, count, low, high, output);

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output) =>
        _reference.RandomNormal(seed, offset, count, mean, std, output);

    public void Reparametrize(
        DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps) =>
        _reference.Reparametrize(mu, logVar, seed, offset, count, z, eps);

    public void ReparametrizeBackward(
        DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar) =>
        _reference.ReparametrizeBackward(logVar, eps, dZ, count, dMu, dLogVar);

    public void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v) =>
        _reference.AdamStep(grad, count, lr, beta1, beta2, eps, weightDecay, step, param, m, v);

    public void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer) =>
        _reference.SgdStep(grad, count, lr, momentum, weightDecay, param, momentumBuffer);
}
