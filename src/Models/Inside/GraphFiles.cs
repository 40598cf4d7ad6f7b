// engine graph's files: per phase of a recorded step an SVG of the tape (laid out by Graphviz dot when on PATH, else
// by the engine's own layered layout) and its JSON. One phase: graph.svg and graph.json; several (the adversarial AEs):
// graph-<phase>.svg and graph-<phase>.json, in phase order. A phase that runs several times in a step (the predictor's
// steps) is drawn once, from its first run; its drawing says how many runs the step had.
namespace Engine.Models.Inside;

using Engine.Imaging;

public static class GraphFiles
{
    /// <summary>The files of each phase of a step recorded with <paramref name="phases"/> phase names, in order.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> phases) =>
        phases.Count == 1 ? ["graph"] : phases.Select(p => "graph-" + TrainedRun.Slug(p.Replace('+', '-'))).ToList();

    /// <summary>
    /// Writes each phase's SVG and JSON into <paramref name="folder"/>; returns the file names (SVGs first) and the layout used
    /// (dot, or the layered layout and why not dot). <paramref name="useDot"/> false forces the engine's own layout.
    /// </summary>
    public static (IReadOnlyList<string> Files, string Layout) Write(StepRecording recording, string folder, bool useDot = true)
    {
        Directory.CreateDirectory(folder);
        var phases = recording.Step.Phases.Where(p => p.Run == 1).ToList();
        var names = Names(phases.Select(p => p.Name).ToList());
        var svgs = new List<string>();
        var jsons = new List<string>();
        string layoutUsed = "";
        for (int i = 0; i < phases.Count; i++)
        {
            string reason = "not asked for";
            var probe = TapeGraph.Of(recording, phases[i], "");
            var layout = useDot ? DotLayout.TryCompute(probe, out reason) : null;
            string layoutName = layout is null ? $"the engine's layered layout ({reason})" : "Graphviz dot";
            layout ??= LayeredLayout.Compute(probe);
            var drawing = TapeGraph.Of(recording, phases[i], layoutName);
            File.WriteAllText(Path.Combine(folder, names[i] + ".svg"), GraphSvg.Render(drawing, layout));
            File.WriteAllText(Path.Combine(folder, names[i] + ".json"), GraphJson.Of(recording, phases[i]));
            svgs.Add(names[i] + ".svg");
            jsons.Add(names[i] + ".json");
            layoutUsed = layoutName;
        }
        return ([.. svgs, .. jsons], layoutUsed);
    }
}
