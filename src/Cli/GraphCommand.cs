// `engine graph <run|family> [--batch N] [--out DIR] [--device D]`: records one training step of a trained run's model (its
// weights and config) or of a fresh model of a family (its defaults) and writes the autograd tape of each phase as an SVG
// and a JSON: graph.svg/graph.json for a one-phase step, graph-<phase>.svg/json for the adversarial AEs' phases.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models.Experiments;
using Engine.Models.Inside;
using Engine.Models.Training;

public static class GraphCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("run|family")
        {
            Description = $"A trained run folder, or a family for a fresh model with its defaults: {string.Join(", ", ExperimentRegistry.Names)}.",
        };
        var batch = new Option<int?>("--batch") { Description = "Items in the recorded batch (default: the run's or the family's batch size; at least 2)." };
        batch.Validators.Add(r => { if (TrainCommand.TryGet<int?>(r) is int v && v < 2) r.AddError($"--batch must be 2 or more (batch norm needs two items); got {v}."); });
        var output = new Option<string?>("--out") { Description = "Folder for the files (default: the run folder; for a family, graph-<family>)." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda, cuda:N or ilgpu-cpu (default: the run's device; for a family, cpu)." };
        device.Validators.Add(r =>
        {
            if (TrainCommand.TryGet<string?>(r) is string v && !TrainCommand.IsDeviceName(v))
                r.AddError($"Unknown --device '{v}'; use {Engine.Kernels.Backends.DeviceNames} (`engine devices` lists this machine's).");
        });
        var command = new Command("graph", "Record one training step and draw its autograd tape: every node's shapes, saved tensors, times and primitives.")
        {
            target, batch, output, device,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            string name = parse.GetValue(target)!;
            bool isRun = Directory.Exists(name) && (File.Exists(Path.Combine(name, "config.json")) || !ExperimentRegistry.Names.Contains(name));
            if (!isRun && !ExperimentRegistry.Names.Contains(name))
            {
                throw new ArgumentException($"'{name}' is neither a run folder nor a family; give a run folder or one of: {string.Join(", ", ExperimentRegistry.Names)}.");
            }
            string folder = parse.GetValue(output) ?? (isRun ? name : "graph-" + name);
            using var runLock = isRun && SameFolder(folder, name) ? RunLock.Acquire(RunFolder.Open(name)) : null;   // writing into the run
            var recording = isRun
                ? StepRecording.OfRun(name, parse.GetValue(batch), parse.GetValue(device), Console.WriteLine)
                : StepRecording.OfFamily(name, parse.GetValue(batch), parse.GetValue(device) ?? "cpu", Console.WriteLine);
            var (files, layout) = GraphFiles.Write(recording, folder);
            var step = recording.Step;
            Console.WriteLine($"Recorded one step of {recording.Title}, batch {recording.Batch} on {recording.Device}: {step.Phases.Count} phase(s), " +
                $"{step.NodeCount} nodes; step {step.WallMs:F1} ms recorded ({recording.UnrecordedMs:F1} ms unrecorded), node times sum to " +
                $"{step.NodeMs:F1} ms ({step.NodeMs / step.WallMs:P0}); peak {TapeGraph.Bytes(step.PeakAllocated)} allocated.");
            Console.WriteLine($"Layout: {layout}.");
            foreach (var file in files) Console.WriteLine($"Wrote {Path.Combine(folder, file)}");
            if (isRun && SameFolder(folder, name) && File.Exists(Path.Combine(name, "report.html")))
            {
                Console.WriteLine($"The report links {files[0]} in its 'One step' section (`engine report {name}` adds it to a report written before).");
            }
            return 0;
        }));
        return command;
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
