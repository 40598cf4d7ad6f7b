// TensorScope frees a step's intermediates deterministically; parameters, gradients, optimizer state and kept
// tensors survive; and a whole training step reuses pooled buffers instead of allocating new ones.
namespace Engine.Tests.Tensors;

using Engine.Kernels.Cpu.Reference;
using Engine.Memory;
using Engine.Models;
using Engine.Nn;

public class TensorScopeTests
{
    [Test]
    public void IntermediatesAreDisposedAndKeptTensorsSurvive()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        Tensor inner, kept;
        using (TensorScope.Begin())
        {
            inner = x * 2f;
            kept = TensorScope.Keep(x + 1f);
        }
        Assert.That(inner.IsDisposed, Is.True);
        Assert.That(kept.IsDisposed, Is.False);
        Assert.That(kept.ToArray(), Is.EqualTo(new[] { 2f, 3f }));
        Assert.That(Assert.Throws<ObjectDisposedException>(() => inner.ToArray())!.Message, Does.Contain("TensorScope"));
    }

    [Test]
    public void GradientsOfLeavesOutliveTheStep()
    {
        var w = Tensor.FromArray([3f], 1);
        w.RequiresGrad = true;
        using (TensorScope.Begin())
        {
            (w * w).Sum().Backward();
        }
        Assert.That(w.Grad!.IsDisposed, Is.False);
        Assert.That(w.Grad.ToArray(), Is.EqualTo(new[] { 6f }));
    }

    [Test]
    public void ATrainingStepReusesPooledBuffersAfterTheFirst()
    {
        var backend = new ReferenceBackend<float>();
        var previous = Tensor.DefaultBackend;
        Tensor.DefaultBackend = backend;
        try
        {
            Generator.ManualSeed(3);
            var model = new Sequential(new Conv2d(1, 4, 3, stride: 2, padding: 1), new BatchNorm2d(4), new LeakyReLU(0.1f),
                new Flatten(), new Linear(4 * 4 * 4, 3), new Sigmoid());
            var optimizer = new Adam(model.Parameters(), 1e-3f);
            var x = Tensor.RandU(new Shape(5, 1, 8, 8));
            var target = Tensor.RandU(new Shape(5, 3));
            long afterFirst = 0;
            for (int step = 0; step < 4; step++)
            {
                using (TensorScope.Begin())
                {
                    optimizer.ZeroGrad();
                    Functional.BinaryCrossEntropy(model.Forward(x), target).Backward();
                    optimizer.Step();
                }
                if (step == 1) afterFirst = backend.Pool.ArraysCreated;   // step 0 creates grads and Adam state
            }
            Assert.That(backend.Pool.ArraysCreated, Is.EqualTo(afterFirst), "steps 3 and 4 allocated new arrays");
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }
}
