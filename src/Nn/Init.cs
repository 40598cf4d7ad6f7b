// Parameter initialisation with PyTorch's default distributions (values differ: our generator is Philox).
// PyTorch's Linear and Conv layers use kaiming_uniform_(a = sqrt(5)) for weights, i.e. U(-1/sqrt(fanIn), 1/sqrt(fanIn)),
// and the same bound for biases. fanIn = weight.size(1) * kernel area, which for ConvTranspose2d is OUT channels * area.
namespace Engine.Nn;

/// <summary>Parameter initialisation with PyTorch's default distributions (kaiming_uniform with a = sqrt(5)), drawn from Philox.</summary>
public static class Init
{
    public static Tensor Uniform(Shape shape, float bound, Generator? generator = null) =>
        Tensor.RandU(shape, -bound, bound, generator);

    /// <summary>U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with fanIn = dims[1] * product(dims[2..]).</summary>
    public static Tensor KaimingUniformDefault(Shape weightShape, Generator? generator = null) =>
        Uniform(weightShape, 1f / MathF.Sqrt(FanIn(weightShape)), generator);

    public static Tensor BiasUniform(int length, Shape weightShape, Generator? generator = null) =>
        Uniform(new Shape(length), 1f / MathF.Sqrt(FanIn(weightShape)), generator);

    public static int FanIn(Shape weightShape) => weightShape[1] * weightShape.Product(2, weightShape.Rank);
}
