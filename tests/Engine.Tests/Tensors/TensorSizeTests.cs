// A tensor's dimension sizes are read through its Shape (t.Shape[0], t.Shape[-1]): Tensor itself has no indexer, so
// t[0] cannot be mistaken for an element or a slice, as it would be in PyTorch or NumPy (issue 28).
namespace Engine.Tests.Tensors;

public class TensorSizeTests
{
    [Test]
    public void TensorHasNoIndexer()
    {
        var indexers = typeof(Tensor).GetProperties().Where(p => p.GetIndexParameters().Length > 0).Select(p => p.Name);
        Assert.That(indexers, Is.Empty, "read sizes through t.Shape[dim]; t[...] would read as an element or a slice");
    }

    [Test]
    public void ShapeIndexerGivesSizesCountingNegativeAxesFromTheEnd()
    {
        var t = Tensor.Zeros(new Shape(2, 3, 5));
        Assert.That((t.Shape[0], t.Shape[1], t.Shape[-1]), Is.EqualTo((2, 3, 5)));
    }
}
