// Forward and backward of every differentiable op against PyTorch (fixture ops.bin), one line per op (tinygrad's
// helper_test_op): outputs, then the gradient of every input under loss = sum_j sum(out_j * gout_j).
namespace Engine.Tests.Parity;

using Engine.Tests.Testing;
using NUnit.Framework;
using F = Engine.Functional;

[TestFixture]
public sealed class OpParityTests
{
    private static readonly Tolerance Ew = Tolerance.Elementwise;

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("add", x => x[0] + x[1]);
        yield return Case("add_scalar_tensor", x => x[0] + x[1]);
        yield return Case("add_row", x => x[0] + x[1]);
        yield return Case("add_row_reversed", x => x[1] + x[0]);
        yield return Case("add_col", x => x[0] + x[1]);
        yield return Case("add_channel", x => x[0] + x[1]);
        yield return Case("add_float", x => x[0] + 0.75f);
        yield return Case("sub", x => x[0] - x[1]);
        yield return Case("sub_scalar_tensor", x => x[0] - x[1]);
        yield return Case("sub_row", x => x[0] - x[1]);
        yield return Case("sub_row_reversed", x => x[1] - x[0]);
        yield return Case("sub_col", x => x[0] - x[1]);
        yield return Case("sub_channel", x => x[0] - x[1]);
        yield return Case("rsub_float", x => 2f - x[0]);
        yield return Case("mul", x => x[0] * x[1]);
        yield return Case("mul_scalar_tensor", x => x[0] * x[1]);
        yield return Case("mul_row", x => x[0] * x[1]);
        yield return Case("mul_row_reversed", x => x[1] * x[0]);
        yield return Case("mul_col", x => x[0] * x[1]);
        yield return Case("mul_channel", x => x[0] * x[1]);
        yield return Case("mul_float", x => x[0] * -2.5f);
        yield return Case("div", x => x[0] / x[1]);
        yield return Case("div_scalar_tensor", x => x[0] / x[1]);
        yield return Case("div_row", x => x[0] / x[1]);
        yield return Case("div_row_reversed", x => x[1] / x[0]);
        yield return Case("div_col", x => x[0] / x[1]);
        yield return Case("div_channel", x => x[0] / x[1]);
        yield return Case("div_float", x => x[0] / 4f);
        yield return Case("neg", x => -x[0]);
        yield return Case("exp", x => x[0].Exp());
        yield return Case("log", x => x[0].Log());
        yield return Case("abs", x => x[0].Abs());
        yield return Case("abs_kinks", x => x[0].Abs());
        yield return Case("sqrt", x => x[0].Sqrt());
        yield return Case("pow_2_5", x => x[0].Pow(2.5f));
        yield return Case("pow_3_signed", x => x[0].Pow(3f));
        yield return Case("pow_minus_1", x => x[0].Pow(-1f));
        yield return Case("sigmoid", x => x[0].Sigmoid());
        yield return Case("tanh", x => x[0].Tanh());
        yield return Case("relu", x => x[0].Relu());
        yield return Case("relu_kinks", x => x[0].Relu());
        yield return Case("leaky_relu", x => x[0].LeakyRelu(0.2f));
        yield return Case("leaky_relu_kinks", x => x[0].LeakyRelu(0.01f));
        yield return Case("clamp", x => x[0].Clamp(-0.5f, 0.7f));
        yield return Case("clamp_kinks", x => x[0].Clamp(-0.5f, 0.7f));
        yield return Case("lerp_float", x => x[0].Lerp(x[1], 0.3f));
        yield return Case("lerp_tensor", x => x[0].Lerp(x[1], x[2]));
        yield return Case("matmul", x => x[0].MatMul(x[1]), Tolerance.Accumulated(7));
        yield return Case("linear", x => F.Linear(x[0], x[1], x[2]), Tolerance.Accumulated(6));
        yield return Case("linear_nobias", x => F.Linear(x[0], x[1]), Tolerance.Accumulated(6));
        foreach (var (k, s, p) in new[] { (1, 1, 0), (3, 1, 0), (3, 1, 1), (3, 2, 0), (3, 2, 1), (7, 1, 3), (7, 2, 0), (7, 1, 0) })
        {
            yield return Case($"conv2d_k{k}_s{s}_p{p}", x => F.Conv2d(x[0], x[1], x[2], s, p), Tolerance.Accumulated(162));
        }
        yield return Case("conv2d_nobias", x => F.Conv2d(x[0], x[1], null, 2, 1), Tolerance.Accumulated(162));
        foreach (var (k, s, p, op) in new[]
        {
            (1, 1, 0, 0), (3, 1, 0, 0), (3, 1, 1, 0), (3, 2, 0, 0), (3, 2, 1, 0), (3, 2, 1, 1), (3, 2, 0, 1), (1, 2, 0, 1), (7, 2, 3, 1),
        })
        {
            yield return Case($"conv_transpose2d_k{k}_s{s}_p{p}_op{op}", x => F.ConvTranspose2d(x[0], x[1], x[2], s, p, op),
                Tolerance.Accumulated(200));
        }
        yield return Multi("batch_norm1d_train", x => [F.BatchNorm(x[0], x[1], x[2], x[3], x[4], training: true), x[3], x[4]],
            Tolerance.Accumulated(75));
        yield return Multi("batch_norm2d_train", x => [F.BatchNorm(x[0], x[1], x[2], x[3], x[4], training: true), x[3], x[4]],
            Tolerance.Accumulated(75));
        yield return Case("batch_norm1d_eval", x => F.BatchNorm(x[0], x[1], x[2], x[3], x[4], training: false), Tolerance.Accumulated(75));
        yield return Case("batch_norm2d_eval", x => F.BatchNorm(x[0], x[1], x[2], x[3], x[4], training: false), Tolerance.Accumulated(75));
        yield return Case("reshape", x => x[0].Reshape(4, 6));
        yield return Case("reshape_infer", x => x[0].Reshape(-1, 2));
        yield return Case("flatten", x => x[0].Flatten());
        yield return Case("cat_dim0", x => Tensor.Concat(0, x[0], x[1]));
        yield return Case("cat_dim1", x => Tensor.Concat(1, x[0], x[1], x[2]));
        yield return Case("cat_dim1_4d", x => Tensor.Concat(1, x[0], x[1]));
        yield return Case("slice_dim0", x => x[0].Slice(0, 1, 2));
        yield return Case("slice_dim1", x => x[0].Slice(1, 2, 3));
        yield return Case("slice_dim1_4d", x => x[0].Slice(1, 1, 2));
        yield return Multi("split_dim1", x => [x[0].Slice(1, 0, 2), x[0].Slice(1, 2, 4)]);
        yield return Case("sum_all", x => x[0].Sum(), Tolerance.Accumulated(60));
        yield return Case("sum_dim0", x => x[0].Sum(0), Tolerance.Accumulated(3));
        yield return Case("sum_dim1", x => x[0].Sum(1), Tolerance.Accumulated(4));
        yield return Case("sum_dim2_keepdim", x => x[0].Sum(2, keepDim: true), Tolerance.Accumulated(5));
        yield return Case("mean_all", x => x[0].Mean(), Tolerance.Accumulated(60));
        yield return Case("mean_dim1", x => x[0].Mean(1), Tolerance.Accumulated(4));
        yield return Case("softmax", x => x[0].Softmax(), Tolerance.Accumulated(7));
        yield return Case("log_softmax", x => x[0].LogSoftmax(), Tolerance.Accumulated(7));
        yield return Case("softmax_large", x => x[0].Softmax(), Tolerance.Accumulated(5));
        yield return Case("bce_mean", x => F.BinaryCrossEntropy(x[0], x[1]), Tolerance.Accumulated(24));
        yield return Case("bce_sum", x => F.BinaryCrossEntropy(x[0], x[1], Reduction.Sum), Tolerance.Accumulated(24));
        yield return Case("bce_batchmean", x => F.BinaryCrossEntropy(x[0], x[1], Reduction.BatchMean), Tolerance.Accumulated(24));
        yield return Case("mse_mean", x => F.MseLoss(x[0], x[1]), Tolerance.Accumulated(24));
        yield return Case("mse_sum", x => F.MseLoss(x[0], x[1], Reduction.Sum), Tolerance.Accumulated(24));
        yield return Case("l1_mean", x => F.L1Loss(x[0], x[1]), Tolerance.Accumulated(24));
        yield return Case("l1_sum", x => F.L1Loss(x[0], x[1], Reduction.Sum), Tolerance.Accumulated(24));
        yield return Case("cross_entropy_labels", x => F.CrossEntropy(x[0], Labels(x[1])), Tolerance.Accumulated(20));
        yield return Case("cross_entropy_labels_sum", x => F.CrossEntropy(x[0], Labels(x[1]), Reduction.Sum), Tolerance.Accumulated(20));
        yield return Case("cross_entropy_soft", x => F.CrossEntropy(x[0], x[1]), Tolerance.Accumulated(20));
        yield return Case("gaussian_kl_sum", x => F.GaussianKl(x[0], x[1]), Tolerance.Accumulated(12));
        yield return Case("gaussian_kl_mean", x => F.GaussianKl(x[0], x[1], Reduction.Mean), Tolerance.Accumulated(12));
        yield return Case("gaussian_kl_batchmean", x => F.GaussianKl(x[0], x[1], Reduction.BatchMean), Tolerance.Accumulated(12));
        yield return Case("sparsity_kl", x => F.SparsityKl(x[0], 0.05f), Tolerance.Accumulated(6));
        yield return Case("reparametrize", x => F.Reparametrize(x[0], x[1], new Generator(1234)));
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(string name, Func<Tensor[], Tensor[]> op, Tolerance tolerance)
    {
        var ops = FixtureFile.Torch("ops.bin");
        var inputs = new List<Tensor>();
        for (int i = 0; ops.Contains($"{name}.in{i}"); i++)
        {
            inputs.Add(ops.GetTensor($"{name}.in{i}").ToTensor(requiresGrad: ops.Contains($"{name}.grad{i}")));
        }
        Assert.That(inputs, Is.Not.Empty, $"ops.bin has no case '{name}'; regenerate the fixtures.");

        var outputs = op([.. inputs]);
        Assert.That(ops.Contains($"{name}.out{outputs.Length}"), Is.False, $"{name}: PyTorch has more outputs");
        Tensor? loss = null;
        using (Assert.EnterMultipleScope())
        {
            for (int j = 0; j < outputs.Length; j++)
            {
                AssertTensor.Close(ops.GetTensor($"{name}.out{j}"), outputs[j], $"{name} output {j}", tolerance);
                if (ops.Contains($"{name}.gout{j}"))
                {
                    var term = (outputs[j] * ops.GetTensor($"{name}.gout{j}").ToTensor()).Sum();
                    loss = loss is null ? term : loss + term;
                }
            }
            if (loss is null || !loss.RequiresGrad) return;
            loss.Backward();
            for (int i = 0; i < inputs.Count; i++)
            {
                if (!inputs[i].RequiresGrad) continue;
                var grad = inputs[i].Grad;
                Assert.That(grad, Is.Not.Null, $"{name}: input {i} got no gradient");
                if (grad is not null) AssertTensor.Close(ops.GetTensor($"{name}.grad{i}"), grad, $"{name} d/d input {i}", tolerance);
            }
        }
    }

    [Test]
    public void ReparametrizeDrawsPhiloxNormals()
    {
        var eps = FixtureFile.Torch("ops.bin").GetTensor("reparametrize.eps");
        var zeros = Tensor.Zeros(eps.Shape);
        var z = F.Reparametrize(zeros, zeros, new Generator(1234));   // mu = 0, logVar = 0: z = eps
        AssertTensor.Close(eps, z, "eps of Generator(1234) vs the numpy Philox in make_torch_fixtures.py", Ew);
    }

    private static TestCaseData Case(string name, Func<Tensor[], Tensor> op, Tolerance? tolerance = null) =>
        Multi(name, x => [op(x)], tolerance);

    private static TestCaseData Multi(string name, Func<Tensor[], Tensor[]> op, Tolerance? tolerance = null) =>
        new TestCaseData(name, op, tolerance ?? Ew).SetName(name);

    private static int[] Labels(Tensor t) => [.. t.ToArray().Select(v => (int)v)];
}
