// Fully connected layer y = x W^T + b (PyTorch nn.Linear): weight (O, I), bias (O); x (B, I) -> y (B, O).
namespace Engine.Nn;

/// <summary>Fully connected layer y = x W^T + b (PyTorch nn.Linear): (B, I) -&gt; (B, O).</summary>
public sealed class Linear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>, initialised as PyTorch does.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var shape = new Shape(outFeatures, inFeatures);
        Weight = AddParameter("weight", Init.KaimingUniformDefault(shape, generator));
        Bias = bias ? AddParameter("bias", Init.BiasUniform(outFeatures, shape, generator)) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Parameter Weight { get; }   // (O, I)

    public Parameter? Bias { get; }    // (O)

    /// <summary>(B, I) -&gt; (B, O).</summary>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias?.Value);
}
