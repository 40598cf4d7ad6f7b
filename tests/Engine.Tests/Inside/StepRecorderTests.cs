// The step recorder on the course AE (engine graph's source): every node of the tape is recorded once, in execution
// order, with the primitives it called; the times add up; the bytes the tape saves are the bytes the allocator holds.
namespace Engine.Tests.Inside;

using Engine.Autograd;
using Engine.Kernels;
using Engine.Memory;
using Engine.Models;
using Engine.Models.Inside;

public class StepRecorderTests
{
    [Test]
    public void EveryNodeOfTheCourseAutoencodersStepIsRecorded()
    {
        var recording = StepRecording.OfFamily("ae", batch: 8);
        var phase = recording.Step.Phases.Single();
        Assert.That(phase.Name, Is.EqualTo("step"));

        // The tape's own count: the nodes reachable from the loss, on a fresh model of the same family and batch.
        int tapeNodes = TapeNodeCount(batch: 8);
        Assert.That(phase.Nodes, Has.Count.EqualTo(tapeNodes));
        Assert.That(phase.Nodes.Select(n => n.Id), Is.EqualTo(Enumerable.Range(0, tapeNodes)));
        Assert.That(phase.Nodes.Count(n => n.IsLoss), Is.EqualTo(1));
        Assert.That(phase.Nodes[^1].IsLoss, Is.True, "the loss is the last node made");
        Assert.That(phase.Nodes.All(n => n.BackwardIndex >= 0), "every node's backward ran");
        Assert.That(phase.Nodes.Select(n => n.BackwardIndex).Order(), Is.EqualTo(Enumerable.Range(0, tapeNodes)));
        Assert.That(phase.Nodes.Single(n => n.IsLoss).BackwardIndex, Is.Zero);
        Assert.That(phase.Nodes.Where(n => n.Op == "Conv2d").SelectMany(n => n.ForwardPrimitives).Select(p => p.Name),
            Has.Some.EqualTo("Conv2dForward"));
        Assert.That(phase.Nodes.Where(n => n.Op == "Conv2d").SelectMany(n => n.BackwardPrimitives).Select(p => p.Name),
            Has.Some.EqualTo("Conv2dBackwardWeight"));
        Assert.That(phase.OptimizerPrimitives.Select(p => p.Name).Distinct(), Is.EqualTo(new[] { "AdamStep" }));
        Assert.That(phase.Leaves.Where(l => l.Kind == "parameter").Select(l => l.Name), Has.Some.EqualTo("encoder.encoder.0.0.weight"));
        Assert.That(phase.Leaves.Count(l => l.Kind == "input"), Is.GreaterThanOrEqualTo(1), "the batch");
        Assert.That(recording.Step.NodeMs, Is.GreaterThan(0));
        TestContext.Out.WriteLine($"nodes {phase.Nodes.Count}, leaves {phase.Leaves.Count}; step {recording.Step.WallMs:F2} ms recorded " +
            $"(recorder {recording.Step.RecorderMs:F2} ms left out), {recording.UnrecordedMs:F2} ms unrecorded; node times {recording.Step.NodeMs:F2} ms, " +
            $"optimizer {phase.OptimizerMs:F2}, backward other {phase.BackwardOtherMs:F2}, outside {phase.OutsideMs:F2}");
    }

    [Test]
    public void TheBytesEachNodeKeepsAreTheBytesTheAllocatorCounts()
    {
        var recording = StepRecording.OfFamily("ae", batch: 8);
        var nodes = recording.Step.Phases.Single().Nodes;
        // After the first node (before it, ZeroGrad frees the last step's gradients), the allocator's live bytes grow by
        // exactly what each node made and keeps: its output (none for a view) and the statistics it saves.
        for (int k = 1; k < nodes.Count; k++)
        {
            long grew = nodes[k].AllocatedAfterForward - nodes[k - 1].AllocatedAfterForward;
            Assert.That(grew, Is.EqualTo(nodes[k].NewBytes), $"#{k} {nodes[k].Op}");
        }
        var reshape = nodes.First(n => n.Op == "Reshape");
        Assert.That(reshape.NewBytes, Is.Zero, "a view makes no buffer");
        var norm = nodes.First(n => n.Op == "BatchNorm");
        long channels = norm.OutputShape[1];
        Assert.That(norm.NewBytes, Is.EqualTo(4L * (norm.OutputShape.Count + 2 * channels)), "y, and the mean and 1/std it saves");
        Assert.That(recording.Step.PeakAllocated, Is.GreaterThanOrEqualTo(nodes[^1].AllocatedAfterForward));
        Assert.That(recording.Step.AllocatedAtStart, Is.GreaterThan(0));
    }

    private static int TapeNodeCount(int batch)
    {
        using var scope = TensorScope.Begin();
        Generator.ManualSeed(1);
        var model = new Autoencoder(24, ImageShape.FashionMnist);
        var x = Tensor.RandU(new Shape(batch, 1, 28, 28));
        var loss = Autoencoder.Loss(model.Forward(x), x);
        return Graph.TopologicalOrder(loss).Select(t => t.Creator).OfType<Node>().Distinct(ReferenceEqualityComparer.Instance).Count();
    }
}
