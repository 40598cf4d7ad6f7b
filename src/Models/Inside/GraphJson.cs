// graph.json: one recorded phase of a step as data, for scripts: the step's totals, then every node in execution order
// (op, inputs by id, shapes, saved tensors and bytes, forward/backward times and order, primitives, the allocator's bytes
// after it) and every leaf (parameters, data). Times in milliseconds, sizes in bytes.
namespace Engine.Models.Inside;

using System.Text;
using System.Text.Json;
using Engine.Autograd;

public static class GraphJson
{
    public static string Of(StepRecording recording, PhaseRecord phase)
    {
        var step = recording.Step;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", recording.Title);
            w.WriteNumber("batch", recording.Batch);
            w.WriteString("device", recording.Device);
            w.WriteString("phase", phase.Name);
            w.WriteNumber("phase-index", step.Phases.IndexOf(phase));
            w.WriteStartArray("phases");
            foreach (var p in step.Phases) w.WriteStringValue(p.Name);
            w.WriteEndArray();
            w.WriteNumber("step-ms", step.WallMs);
            w.WriteNumber("unrecorded-step-ms", recording.UnrecordedMs);
            w.WriteNumber("recorder-ms", step.RecorderMs);
            w.WriteNumber("step-node-ms", step.NodeMs);
            w.WriteNumber("forward-ms", phase.ForwardMs);
            w.WriteNumber("backward-ms", phase.BackwardMs);
            w.WriteNumber("backward-other-ms", phase.BackwardOtherMs);
            w.WriteNumber("optimizer-ms", phase.OptimizerMs);
            w.WriteNumber("outside-ms", phase.OutsideMs);
            w.WriteNumber("allocated-at-step-start", step.AllocatedAtStart);
            w.WriteNumber("peak-allocated", step.PeakAllocated);
            w.WriteStartArray("nodes");
            foreach (var n in phase.Nodes)
            {
                w.WriteStartObject();
                w.WriteNumber("id", n.Id);
                w.WriteString("op", n.Op);
                w.WriteBoolean("loss", n.IsLoss);
                Ints(w, "inputs", n.Inputs);
                w.WriteStartArray("input-shapes");
                foreach (var s in n.InputShapes) Ints(w, null, s.ToArray());
                w.WriteEndArray();
                Ints(w, "output-shape", n.OutputShape.ToArray());
                w.WriteStartArray("saved");
                foreach (var s in n.Saved)
                {
                    w.WriteStartObject();
                    w.WriteString("name", s.Name);
                    Ints(w, "shape", s.Shape.ToArray());
                    w.WriteNumber("bytes", s.Bytes);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("saved-bytes", n.SavedBytes);
                w.WriteNumber("forward-ms", n.ForwardMs);
                w.WriteNumber("backward-ms", n.BackwardMs);
                w.WriteNumber("backward-order", n.BackwardIndex);
                w.WriteNumber("allocated-after-forward", n.AllocatedAfterForward);
                w.WriteNumber("allocated-after-backward", n.AllocatedAfterBackward);
                Calls(w, "forward-primitives", n.ForwardPrimitives);
                Calls(w, "backward-primitives", n.BackwardPrimitives);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("leaves");
            foreach (var leaf in phase.Leaves)
            {
                w.WriteStartObject();
                w.WriteNumber("id", leaf.Id);
                w.WriteString("kind", leaf.Kind);
                w.WriteString("name", leaf.Name);
                Ints(w, "shape", leaf.Shape.ToArray());
                w.WriteNumber("bytes", leaf.Bytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Calls(w, "optimizer-primitives", phase.OptimizerPrimitives);
            Calls(w, "outside-primitives", phase.OutsidePrimitives);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Ints(Utf8JsonWriter w, string? name, int[] values)
    {
        if (name is null) w.WriteStartArray();
        else w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void Calls(Utf8JsonWriter w, string name, IEnumerable<PrimitiveCall> calls)
    {
        w.WriteStartArray(name);
        foreach (var c in calls)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            if (c.Detail.Length > 0) w.WriteString("detail", c.Detail);
            w.WriteString("family", Engine.Kernels.Recording.PrimitiveFamilies.Label(c.Family));
            w.WriteNumber("ms", c.Milliseconds);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
