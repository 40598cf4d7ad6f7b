// The closed list of primitives every backend (CPU reference, fast CPU, ILGPU on a CUDA GPU or its CPU accelerator)
// implements.
//
// Conventions, the same in the CPU kernels, the ILGPU kernel methods and their typed launch delegates:
// - arguments go inputs first, then sizes and scalars, then outputs last;
// - gradients are named dInput, dWeight, dOutput; every primitive here WRITES its outputs (=)
//   unless its comment says it accumulates (+=) or updates in place (in/out);
// - all buffers are contiguous and row-major; sizes are element counts, not bytes.
// Letters: B = batch (rows), D = features (columns), C = channels, S = spatial size (H * W).
namespace Engine.Kernels;

/// <summary>The closed list of primitives every backend implements: inputs first, then sizes and scalars, outputs last; each writes (=) its outputs unless its comment says it accumulates (+=).</summary>
public interface IBackend : IDisposable
{
    /// <summary>A short name, for example "cpu", "cpu-reference" or "cuda:0".</summary>
    string Name { get; }

    Device Device { get; }

    /// <summary>Allocates an uninitialised buffer of <paramref name="length"/> elements (from a pool).</summary>
    DeviceBuffer Allocate(int length);

    /// <summary>Waits until all queued work has finished (a no-op on the CPU).</summary>
    void Synchronize();

    /// <summary>
    /// Bytes held by this backend's live buffers (allocated and not yet disposed): the allocator's counter, which the step
    /// recorder reads after each node. Not a primitive; -1 where a backend does not count.
    /// </summary>
    long AllocatedBytes => -1;

    // ---- copy and fill ---------------------------------------------------------------------

    /// <summary>output[i] = value for i &lt; count.</summary>
    void Fill(float value, int count, DeviceBuffer output);

    /// <summary>
    /// Strided block copy, the primitive behind slice and concat: for b &lt; blockCount and
    /// j &lt; blockLength, output[outputOffset + b * outputStride + j] = input[inputOffset + b * inputStride + j].
    /// </summary>
    void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength,
        int inputStride, int inputOffset, int outputStride, int outputOffset,
        DeviceBuffer output);

    // ---- elementwise -----------------------------------------------------------------------

    /// <summary>output[i] = f(input[i]; alpha, beta) for the <see cref="UnaryOp"/> f.</summary>
    void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output);

    /// <summary>
    /// dInput[i] = dOutput[i] * f'(input[i]); <paramref name="output"/> is f(input), used where it
    /// is cheaper (sigmoid, tanh, exp, sqrt). Writes (=).
    /// </summary>
    void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput,
        int count, float alpha, float beta, DeviceBuffer dInput);

    /// <summary>
    /// output[i] = a[i] (op) b[(i / bInner) % bLength] for i &lt; count. With bLength = count and
    /// bInner = 1 both operands have the same shape; bLength = 1 is a scalar; bLength = D, bInner = 1
    /// is a per-column vector over (B, D); bLength = C, bInner = S is per-channel over (N, C, S);
    /// bLength = B, bInner = D is per-row over (B, D).
    /// </summary>
    void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output);

    /// <summary>output[i] = a[i] + b[i] * scale for i &lt; count (axpy; also the gradient accumulator).</summary>
    void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output);

    // ---- reductions ------------------------------------------------------------------------

    /// <summary>
    /// Sum over the middle axis of input viewed as (outer, middle, inner):
    /// output[o * inner + i] = sum_m input[(o * middle + m) * inner + i]. Writes (=).
    /// </summary>
    void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output);

    /// <summary>
    /// The reverse of a broadcast: sum over the outer and inner axes of input viewed as
    /// (outer, middle, inner): output[m] = sum_{o,i} input[(o * middle + m) * inner + i]. Writes (=).
    /// </summary>
    void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output);

    // ---- matrix multiply and convolution ---------------------------------------------------

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C with C (M, N), op(A) (M, K), op(B) (K, N);
    /// op(X) = X^T when the transpose flag is set (A then stored as (K, M), B as (N, K)).
    /// beta = 0 writes C; beta = 1 accumulates into it.
    /// </summary>
    void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k,
        bool transposeA, bool transposeB, float alpha, float beta, DeviceBuffer c);

    /// <summary>Cross-correlation, no bias: output (N, K, P, Q) from input (N, C, H, W) and weight (K, C, R, S). Writes (=).</summary>
    void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output);

    /// <summary>dInput (N, C, H, W) from dOutput (N, K, P, Q) and weight (K, C, R, S). Writes (=).
    /// This is also the forward pass of a transposed convolution.</summary>
    void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput);

    /// <summary>dWeight (K, C, R, S) from input (N, C, H, W) and dOutput (N, K, P, Q). Writes (=).</summary>
    void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight);

    // ---- batch normalisation over (N, C, S): statistics per channel over N * S values -------

    /// <summary>
    /// Training mode: mean and biased variance of the batch per channel; output = (x - mean) * invStd *
    /// gamma + beta with invStd = 1 / sqrt(var + eps); saves mean and invStd for the backward; updates the
    /// running statistics in place: running = (1 - momentum) * running + momentum * batch (unbiased var).
    /// </summary>
    void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd,
        DeviceBuffer runningMean, DeviceBuffer runningVar);

    /// <summary>Evaluation mode: output = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta.</summary>
    void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output);

    /// <summary>
    /// Backward of the training-mode forward (batch statistics). Writes (=) dInput (N, C, S), dGamma (C), dBeta (C):
    /// dBeta = sum dy, dGamma = sum dy * xhat, dx = gamma * invStd / M * (M * dy - dBeta - xhat * dGamma), M = N * S.
    /// </summary>
    void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta);

    /// <summary>
    /// Training-mode batch-norm followed by LeakyReLU (slope >= 0), the course's block: output = leaky(z), z the
    /// batch-norm output, which is not kept. One primitive so a backend can make it one pass (the fast CPU backend does);
    /// this default runs the two primitives.
    /// </summary>
    void BatchNormLeakyReluForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum, float slope,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        BatchNormForwardTrain(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar);
        Unary(UnaryOp.LeakyRelu, output, n * c * s, slope, 0f, output);
    }

    /// <summary>
    /// Backward of <see cref="BatchNormLeakyReluForwardTrain"/>: dz = dy * (z > 0 ? 1 : slope), then the batch-norm
    /// backward of dz. z > 0 exactly where output > 0 (slope >= 0), so this default reads the mask from the output; a
    /// fused backend may recompute z from the input. Writes (=) dInput, dGamma, dBeta.
    /// </summary>
    void BatchNormLeakyReluBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer saveMean, DeviceBuffer saveInvStd,
        DeviceBuffer output, DeviceBuffer dOutput, int n, int c, int s, float slope,
        DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta) =>
        ComposedBatchNormLeakyReluBackward(this, input, gamma, saveMean, saveInvStd, output, dOutput, n, c, s, slope, dInput, dGamma, dBeta);

    /// <summary>The backward of batch norm + LeakyReLU as the two primitives on <paramref name="backend"/>: the default above, and what a fusing backend runs where it does not fuse.</summary>
    protected static void ComposedBatchNormLeakyReluBackward(IBackend backend,
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd,
        DeviceBuffer output, DeviceBuffer dOutput, int n, int c, int s, float slope,
        DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        using var dz = backend.Allocate(n * c * s);
        backend.UnaryBackward(UnaryOp.LeakyRelu, output, output, dOutput, n * c * s, slope, 0f, dz);
        backend.BatchNormBackward(input, gamma, saveMean, saveInvStd, dz, n, c, s, dInput, dGamma, dBeta);
    }

    // ---- softmax over the last axis of (rows, cols) -----------------------------------------

    /// <summary>output = softmax(input) per row, or log-softmax when <paramref name="log"/> is set (max-subtracted).</summary>
    void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output);

    /// <summary>
    /// From the forward output y: softmax dx = y * (dy - sum(dy * y)); log-softmax dx = dy - exp(y) * sum(dy). Writes (=).
    /// </summary>
    void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput);

    // ---- fused losses: forward writes the SUM over elements into output[0]; the op divides for a mean.
    //      backward: dInput = dOutput[0] * scale * dLoss/dInput, scale being 1 or 1/count. Only BCE (its log clamp)
    //      and cross-entropy (its log-softmax) are fused; MSE, L1 and the two KL terms are compositions of ops
    //      (Tensor/Ops/ErrorLoss.cs, GaussianKl.cs, SparsityKl.cs): fused kernels for them measured no gain.

    /// <summary>Binary cross-entropy as PyTorch: -(t * max(ln p, -100) + (1 - t) * max(ln(1 - p), -100)).</summary>
    void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output);

    /// <summary>dInput = dOutput[0] * scale * (p - t) / max(p * (1 - p), 1e-12), as PyTorch.</summary>
    void BceBackward(DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput);

    /// <summary>Cross-entropy of logits (B, K) against target probabilities (B, K): sum_b -sum_k t log_softmax(x).</summary>
    void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output);

    /// <summary>dInput = dOutput[0] * scale * (softmax(x) * sum_k t - t).</summary>
    void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput);

    // ---- random numbers (Philox4x32-10, identical on every backend; see Philox.cs) ---------

    /// <summary>output[i] = low + (high - low) * U(seed, offset + i), U in [0, 1).</summary>
    void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output);

    /// <summary>output[i] = mean + std * N(seed, offset + i), N standard normal (Box-Muller).</summary>
    void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output);

    /// <summary>
    /// VAE reparametrization: eps[i] = N(seed, offset + i); z[i] = mu[i] + eps[i] * exp(0.5 * logVar[i]).
    /// Writes z and eps (the backward needs eps).
    /// </summary>
    void Reparametrize(
        DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps);

    /// <summary>dMu = dZ; dLogVar = dZ * eps * 0.5 * exp(0.5 * logVar). Writes (=).</summary>
    void ReparametrizeBackward(
        DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar);

    // ---- optimizer updates, in place on parameter and state --------------------------------

    /// <summary>
    /// PyTorch's Adam (L2 weight decay added to the gradient): g = grad + wd * p; m = b1 m + (1 - b1) g;
    /// v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
    /// </summary>
    void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v);

    /// <summary>PyTorch's SGD: g = grad + wd * p; buf = momentum * buf + g; p -= lr * (momentum > 0 ? buf : g).</summary>
    void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay,
        DeviceBuffer param, DeviceBuffer momentumBuffer);
}
