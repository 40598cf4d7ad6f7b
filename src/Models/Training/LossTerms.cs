// The loss of one batch: the total that is differentiated, and each named term that is logged. The terms come back to
// the host in one device->host copy (ReadValues), not one wait for the device per term.
namespace Engine.Models.Training;

public sealed record LossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Terms)
{
    public static LossTerms Single(string name, Tensor value) => new(value, [(name, value)]);

    /// <summary>
    /// Every term's value, in the order of <see cref="Terms"/>, read back in one copy: the scalar terms are joined into one
    /// tensor (T) on their device, untracked, and that tensor is copied to the host once. The values are the terms' own
    /// floats, unchanged.
    /// </summary>
    public float[] ReadValues()
    {
        foreach (var (name, value) in Terms)
        {
            if (value.Count != 1)
            {
                throw new InvalidOperationException($"Loss term '{name}' has shape {value.Shape}; a loss term is a single value.");
            }
        }
        using (NoGrad.Scope())
        {
            var joined = Terms.Count == 1 ? Terms[0].Value : Tensor.Concat(0, Terms.Select(t => t.Value.Reshape(1)).ToArray());   // (T)
            return joined.ToArray();
        }
    }
}
