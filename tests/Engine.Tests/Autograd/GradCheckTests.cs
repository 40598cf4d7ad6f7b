// One finite-difference gradcheck (float64) per differentiable op.
namespace Engine.Tests.Autograd;

using Engine.Tests.Testing;
using static Engine.Tests.Testing.GradCheck;
using F = Engine.Functional;

public class GradCheckTests
{
    private static Tensor Positive(int seed, params int[] dims) => Input(seed, 0.2f, 2f, dims);

    private static Tensor Any(int seed, params int[] dims) => Input(seed, -2f, 2f, dims);

    private static Tensor Constant(Tensor t)
    {
        t.RequiresGrad = false;
        return t;
    }

    [Test] public void Add() => Check(x => x[0] + x[1], Any(1, 3, 4), Any(2, 3, 4));
    [Test] public void AddScalarTensor() => Check(x => x[0] + x[1], Any(1, 3, 4), Any(2, 1));
    [Test] public void AddPerColumn() => Check(x => x[0] + x[1], Any(1, 3, 4), Any(2, 4));
    [Test] public void AddPerRow() => Check(x => x[0] + x[1], Any(1, 3, 4), Any(2, 3, 1));
    [Test] public void AddPerChannel() => Check(x => x[0] + x[1], Any(1, 2, 3, 2, 2), Any(2, 1, 3, 1, 1));
    [Test] public void SubBroadcast() => Check(x => x[0] - x[1], Any(1, 3, 4), Any(2, 4));
    [Test] public void SubSmallerFirst() => Check(x => x[1] - x[0], Any(1, 3, 4), Any(2, 4));
    [Test] public void MulBroadcast() => Check(x => x[0] * x[1], Any(1, 2, 3, 2, 2), Any(2, 1, 3, 1, 1));
    [Test] public void MulPerRow() => Check(x => x[0] * x[1], Any(1, 3, 4), Any(2, 3, 1));
    [Test] public void Div() => Check(x => x[0] / x[1], Any(1, 3, 4), Positive(2, 3, 4));
    [Test] public void DivBroadcast() => Check(x => x[0] / x[1], Any(1, 3, 4), Positive(2, 4));
    [Test] public void DivSmallerFirst() => Check(x => x[1] / x[0], Positive(1, 3, 4), Any(2, 4));
    [Test] public void ScalarArithmetic() => Check(x => (2f - x[0]) * 3f + 1f, Any(1, 5));
    [Test] public void Neg() => Check(x => -x[0], Any(1, 5));
    [Test] public void Exp() => Check(x => x[0].Exp(), Any(1, 5));
    [Test] public void Log() => Check(x => x[0].Log(), Positive(1, 5));
    [Test] public void Abs() => Check(x => x[0].Abs(), Any(1, 7));
    [Test] public void Sqrt() => Check(x => x[0].Sqrt(), Positive(1, 5));
    [Test] public void Pow() => Check(x => x[0].Pow(2.5f), Positive(1, 5));
    [Test] public void Sigmoid() => Check(x => x[0].Sigmoid(), Any(1, 5));
    [Test] public void Tanh() => Check(x => x[0].Tanh(), Any(1, 5));
    [Test] public void Relu() => Check(x => x[0].Relu(), Any(1, 7));
    [Test] public void LeakyRelu() => Check(x => x[0].LeakyRelu(0.2f), Any(1, 7));
    [Test] public void Clamp() => Check(x => x[0].Clamp(-1f, 0.5f), Any(1, 9));
    [Test] public void Lerp() => Check(x => x[0].Lerp(x[1], 0.3f), Any(1, 4), Any(2, 4));
    [Test] public void LerpTensorWeight() => Check(x => x[0].Lerp(x[1], x[2]), Any(1, 2, 4), Any(2, 2, 4), Any(3, 2, 4));
    [Test] public void MatMul() => Check(x => x[0].MatMul(x[1]), Any(1, 3, 5), Any(2, 5, 2));
    [Test] public void Linear() => Check(x => F.Linear(x[0], x[1], x[2]), Any(1, 4, 5), Any(2, 3, 5), Any(3, 3));
    [Test] public void LinearNoBias() => Check(x => F.Linear(x[0], x[1]), Any(1, 4, 5), Any(2, 3, 5));
    [Test] public void Reshape() => Check(x => x[0].Reshape(3, -1) * x[1], Any(1, 2, 6), Any(2, 3, 4));
    [Test] public void Flatten() => Check(x => x[0].Flatten(), Any(1, 2, 3, 2));
    [Test] public void Concat() => Check(x => Tensor.Concat(1, x[0], x[1]), Any(1, 2, 3, 2), Any(2, 2, 1, 2));
    [Test] public void ConcatLast() => Check(x => Tensor.Concat(-1, x[0], x[1], x[0]), Any(1, 3, 2), Any(2, 3, 4));
    [Test] public void Slice() => Check(x => x[0].Slice(1, 1, 2), Any(1, 2, 4, 3));
    [Test] public void SliceFirstAxis() => Check(x => x[0].Slice(0, 1, 2), Any(1, 4, 3));
    [Test] public void SumAll() => Check(x => x[0].Sum(), Any(1, 3, 4));
    [Test] public void SumFirst() => Check(x => x[0].Sum(0), Any(1, 3, 4));
    [Test] public void SumMiddle() => Check(x => x[0].Sum(1, keepDim: true), Any(1, 2, 3, 4));
    [Test] public void SumLast() => Check(x => x[0].Sum(-1), Any(1, 3, 4));
    [Test] public void Mean() => Check(x => x[0].Mean(), Any(1, 3, 4));
    [Test] public void MeanDim() => Check(x => x[0].Mean(0), Any(1, 3, 4));
    [Test] public void Softmax() => Check(x => x[0].Softmax(), Any(1, 3, 5));
    [Test] public void LogSoftmax() => Check(x => x[0].LogSoftmax(), Any(1, 3, 5));

    [TestCase(1, 1, 0), TestCase(3, 1, 1), TestCase(3, 2, 1), TestCase(3, 2, 0), TestCase(7, 1, 3), TestCase(7, 2, 2)]
    public void Conv2d(int kernel, int stride, int padding) =>
        Check(x => F.Conv2d(x[0], x[1], x[2], stride, padding), Any(1, 2, 2, 7, 6), Any(2, 3, 2, kernel, kernel), Any(3, 3));

    public static IEnumerable<TestCaseData> TransposeCases()
    {
        foreach (int kernel in new[] { 1, 3, 7 })
            foreach (int stride in new[] { 1, 2 })
                foreach (int padding in new[] { 0, 1 })
                    for (int outputPadding = 0; outputPadding < stride; outputPadding++)
                        yield return new TestCaseData(kernel, stride, padding, outputPadding);
    }

    [TestCaseSource(nameof(TransposeCases))]
    public void ConvTranspose2d(int kernel, int stride, int padding, int outputPadding) =>
        Check(x => F.ConvTranspose2d(x[0], x[1], x[2], stride, padding, outputPadding),
            Any(1, 2, 2, 4, 3), Any(2, 2, 3, kernel, kernel), Any(3, 3));

    [Test]
    public void BatchNorm2dTrain()
    {
        var mean = Constant(Any(10, 3));
        var variance = Constant(Positive(11, 3));
        Check(x => F.BatchNorm(x[0], x[1], x[2], mean, variance, training: true), Any(1, 4, 3, 2, 2), Any(2, 3), Any(3, 3));
    }

    [Test]
    public void BatchNorm1dTrain()
    {
        var mean = Constant(Any(10, 3));
        var variance = Constant(Positive(11, 3));
        Check(x => F.BatchNorm(x[0], x[1], x[2], mean, variance, training: true), Any(1, 5, 3), Any(2, 3), Any(3, 3));
    }

    [Test]
    public void BatchNorm2dLeakyReluTrain()
    {
        var mean = Constant(Any(10, 3));
        var variance = Constant(Positive(11, 3));
        Check(x => F.BatchNorm(x[0], x[1], x[2], mean, variance, training: true, leakySlope: 0.2f), Any(1, 4, 3, 2, 2), Any(2, 3), Any(3, 3));
    }

    [Test]
    public void BatchNorm2dEval()
    {
        var mean = Constant(Any(10, 3));
        var variance = Constant(Positive(11, 3));
        Check(x => F.BatchNorm(x[0], x[1], x[2], mean, variance, training: false), Any(1, 2, 3, 2, 2), Any(2, 3), Any(3, 3));
    }

    [TestCase(Reduction.Mean), TestCase(Reduction.Sum), TestCase(Reduction.BatchMean)]
    public void BinaryCrossEntropy(Reduction reduction) =>
        Check(x => F.BinaryCrossEntropy(x[0], x[1], reduction), Input(1, 0.05f, 0.95f, 3, 4), Constant(Input(2, 0f, 1f, 3, 4)));

    [TestCase(Reduction.Mean), TestCase(Reduction.Sum)]
    public void MseLoss(Reduction reduction) => Check(x => F.MseLoss(x[0], x[1], reduction), Any(1, 3, 4), Any(2, 3, 4));

    [Test] public void L1Loss() => Check(x => F.L1Loss(x[0], x[1]), Any(1, 3, 4), Any(2, 3, 4));

    [Test]
    public void CrossEntropy() =>
        Check(x => F.CrossEntropy(x[0], x[1].Softmax()), Any(1, 3, 5), Constant(Any(2, 3, 5)));

    [Test] public void GaussianKl() => Check(x => F.GaussianKl(x[0], x[1], Reduction.BatchMean), Any(1, 3, 4), Any(2, 3, 4));

    [Test] public void SparsityKl() => Check(x => F.SparsityKl(x[0], 0.05f), Input(1, 0.1f, 0.9f, 6));

    [Test]
    public void Reparametrize() => Check(x => F.Reparametrize(x[0], x[1], new Generator(7)), Any(1, 3, 4), Any(2, 3, 4));

    [Test]
    public void Dropout() => Check(x => F.Dropout(x[0], 0.4f, training: true, new Generator(3)), Any(1, 4, 5));

    [Test]
    public void TensorUsedTwiceAccumulates() => Check(x => x[0] * x[0] + x[0].Exp(), Any(1, 6));
}
