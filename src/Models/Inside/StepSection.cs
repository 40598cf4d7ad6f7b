// The report's "One step" section: one training step of the run's trained model recorded (as `engine graph` records it)
// after every figure is drawn, so they are untouched (the recorded steps change the experiment in memory only; the
// checkpoint is already written): a stacked bar per phase part (forward, backward, optimizer) by primitive family, the
// allocator's bytes after each node over the step, the five costliest nodes with their share, and links to the tape's
// graph (graph*.svg/json, written beside). The per-primitive profile of bench/ stays the source of truth for kernels.
namespace Engine.Models.Inside;

using System.Globalization;
using Engine.Autograd;
using Engine.Imaging;
using Engine.Kernels.Recording;
using Engine.Models.Training;
using Engine.Nn.Data;

public static class StepSection
{
    public const string TimeFile = "step-time.svg", MemoryFile = "step-memory.svg";

    /// <summary>
    /// Records a step of <paramref name="experiment"/> (trained, its figures drawn: the steps change it) on the current
    /// device, writes the graph and the section's figures into the run folder and adds the section to <paramref name="report"/>.
    /// </summary>
    public static void Add(RunFolder run, Experiment experiment, Dataset test, ReportPage report)
    {
        if (test.Count < 2) return;                                  // batch norm needs two items
        if (experiment.Model.ParameterCount() == 0) return;          // fitted, not trained (pca): no training step to show
        StepRecording recording;
        try
        {
            recording = StepRecording.Record(experiment, test, null, Tensor.DefaultBackend, warmUp: 2, timed: 2);
        }
        catch (ArgumentException e)                                  // a step this test split cannot feed (aae-semi's labels)
        {
            var none = new ReportSection("One step: where its time and memory go") { Id = "one-step" };
            none.Paragraphs.Add($"No step was recorded on the test split: {e.Message}");
            report.Sections.Add(none);
            return;
        }
        var (files, layout) = GraphFiles.Write(recording, run.Path);
        report.Sections.Add(Build(recording, run.Path, files, layout));
    }

    /// <summary>The section of <paramref name="recording"/>: its two figures written into <paramref name="folder"/>.</summary>
    public static ReportSection Build(StepRecording recording, string folder, IReadOnlyList<string> graphFiles, string layout)
    {
        var step = recording.Step;
        TimePlot(step).Save(Path.Combine(folder, TimeFile));
        MemoryPlot(step).Save(Path.Combine(folder, MemoryFile));
        var phases = step.Phases;
        var section = new ReportSection("One step: where its time and memory go") { Id = "one-step" };
        section.Paragraphs.Add($"One training step of this run's trained model on the first {recording.Batch} test items, on {recording.Device}, " +
            $"recorded node by node (as `engine graph` records it): {phases.Count} phase(s), {step.NodeCount} nodes. Forward " +
            $"{TapeGraph.Ms(phases.Sum(p => p.ForwardMs))}, backward {TapeGraph.Ms(phases.Sum(p => p.BackwardMs))}, optimizer " +
            $"{TapeGraph.Ms(phases.Sum(p => p.OptimizerMs))}; the whole step {TapeGraph.Ms(step.WallMs)} under the recorder " +
            $"({TapeGraph.Ms(recording.UnrecordedMs)} unrecorded, after two warm-up steps). The nodes' own times add up to " +
            $"{step.NodeMs / step.WallMs:P0} of the step. Memory: {TapeGraph.Bytes(step.AllocatedAtStart)} allocated when the step " +
            $"began (weights, gradients, optimizer state, the batch), {TapeGraph.Bytes(step.PeakAllocated)} at its peak.");
        section.Figures.Add(new Figure(TimeFile, "Each phase's forward, backward and optimizer time by primitive family; 'bookkeeping' is the time " +
            "outside the primitives (allocation, shape checks, the autograd walk)."));
        section.Figures.Add(new Figure(MemoryFile, "The allocator's live bytes after each node's forward, then after each node's backward (in " +
            "backward order), phase after phase."));
        section.TableHeader.AddRange(["costliest nodes", "phase", "output", "forward", "backward", "share of the step"]);
        foreach (var (phase, node) in phases.SelectMany(p => p.Nodes.Select(n => (p, n))).OrderByDescending(t => t.n.ForwardMs + t.n.BackwardMs).Take(5))
        {
            section.TableRows.Add([$"#{node.Id} {node.Op}", phase.Run == 1 ? phase.Name : $"{phase.Name} ({phase.Run})", TapeGraph.Dims(node.OutputShape), TapeGraph.Ms(node.ForwardMs),
                TapeGraph.Ms(node.BackwardMs), ((node.ForwardMs + node.BackwardMs) / step.WallMs).ToString("P1", CultureInfo.InvariantCulture)]);
        }
        foreach (var file in graphFiles)
        {
            section.Links.Add((file, file.EndsWith(".svg", StringComparison.Ordinal) ? $"the tape: {file}" : file));
        }
        section.Paragraphs.Add($"The graphs draw every node of the tape with its shapes, saved tensors, times and primitives ({layout}).");
        return section;
    }

    /// <summary>Bars: each phase's forward, backward and optimizer, split by primitive family and bookkeeping.</summary>
    public static StackedBarPlot TimePlot(StepRecord step)
    {
        var families = Enum.GetValues<PrimitiveFamily>();
        var plot = new StackedBarPlot { Title = "One training step: time by primitive family", Unit = "ms" }
            .Categories([.. families.Select(f => f.Label()), "bookkeeping"]);
        foreach (var runs in step.Phases.GroupBy(p => p.Name))          // a phase run several times: one bar of all its runs
        {
            var all = runs.ToList();
            string prefix = step.Phases.Count == 1 ? "" : runs.Key + (all.Count > 1 ? $" (x{all.Count})" : "") + ": ";
            plot.AddBar(prefix + "forward", Split(all.SelectMany(p => p.Nodes.SelectMany(n => n.ForwardPrimitives)), all.Sum(p => p.ForwardMs), families));
            plot.AddBar(prefix + "backward", Split(all.SelectMany(p => p.Nodes.SelectMany(n => n.BackwardPrimitives).Concat(p.BackwardOtherPrimitives)),
                all.Sum(p => p.BackwardMs), families));
            plot.AddBar(prefix + "optimizer", Split(all.SelectMany(p => p.OptimizerPrimitives), all.Sum(p => p.OptimizerMs), families));
            if (all.Any(p => p.OutsidePrimitives.Count > 0))
            {
                plot.AddBar(prefix + "outside the tape", Split(all.SelectMany(p => p.OutsidePrimitives), all.Sum(p => p.OutsideMs), families));
            }
        }
        return plot;
    }

    private static double[] Split(IEnumerable<PrimitiveCall> calls, double total, PrimitiveFamily[] families)
    {
        var list = calls.ToList();
        var values = families.Select(f => list.Where(c => c.Family == f).Sum(c => c.Milliseconds)).ToList();
        values.Add(Math.Max(0, total - values.Sum()));
        return [.. values];
    }

    /// <summary>The allocator's MB after each tape event of the step: each phase's forward nodes, then its backward in order.</summary>
    public static LinePlot MemoryPlot(StepRecord step)
    {
        var plot = new LinePlot
        {
            Title = "Allocated memory over one step", XLabel = "tape event (each phase: its forward nodes, then its backward)", YLabel = "MB allocated",
        };
        var bytes = step.Phases.SelectMany(phase => phase.Nodes.Select(n => n.AllocatedAfterForward)
            .Concat(phase.Nodes.Where(n => n.BackwardIndex >= 0).OrderBy(n => n.BackwardIndex).Select(n => n.AllocatedAfterBackward))).ToList();
        plot.AddSeries("allocated", Enumerable.Range(0, bytes.Count).Select(i => (double)i).ToList(), bytes.Select(b => b / 1048576.0).ToList());
        return plot;
    }
}
