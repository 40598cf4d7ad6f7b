// The loss of one batch: the total that is differentiated, and each named term that is logged.
namespace Engine.Models.Training;

public sealed record LossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Terms)
{
    public static LossTerms Single(string name, Tensor value) => new(value, [(name, value)]);
}
