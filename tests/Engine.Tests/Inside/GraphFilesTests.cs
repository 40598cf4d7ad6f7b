// engine graph's files on the course AE: one SVG group per tape node (class "node", data-op) and per leaf, self-contained
// (no external resource), laid out by the engine's own layered layout and, where Graphviz is installed, by dot (skipped
// with the reason where it is not); graph.json lists the same nodes with their shapes, bytes, times and primitives; and
// Chromium renders the SVG with one drawn box per tape node (Testing/Chromium.cs; skipped with the reason where it cannot start).
namespace Engine.Tests.Inside;

using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Imaging;
using Engine.Models.Inside;
using Engine.Tests.Testing;

public class GraphFilesTests
{
    private static StepRecording? s_recording;

    private static StepRecording Recording => s_recording ??= StepRecording.OfFamily("ae", batch: 4);

    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("engine-graph-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheLayeredLayoutDrawsEveryNodeOfTheTape()
    {
        var (files, layout) = GraphFiles.Write(Recording, _folder, useDot: false);
        Assert.That(files, Is.EqualTo(new[] { "graph.svg", "graph.json" }));
        Assert.That(layout, Does.StartWith("the engine's layered layout"));
        CheckSvg(File.ReadAllText(Path.Combine(_folder, "graph.svg")), "layered");
        CheckJson(File.ReadAllText(Path.Combine(_folder, "graph.json")));
    }

    [Test]
    public void GraphvizDotDrawsEveryNodeOfTheTape()
    {
        if (DotLayout.FindDot() is null) Assert.Ignore("Graphviz 'dot' is not on PATH (Debian: apt-get install graphviz); the layered layout is tested alone.");
        var (_, layout) = GraphFiles.Write(Recording, _folder);
        Assert.That(layout, Is.EqualTo("Graphviz dot"));
        CheckSvg(File.ReadAllText(Path.Combine(_folder, "graph.svg")), "dot");
    }

    [Test]
    public async Task ChromiumRendersOneBoxPerTapeNode()
    {
        GraphFiles.Write(Recording, _folder, useDot: false);
        string svg = Path.Combine(_folder, "graph.svg");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenAsync(svg);
        int nodes = Recording.Step.Phases[0].Nodes.Count;
        Assert.That(await Chromium.CountAsync(page, "svg g.node"), Is.EqualTo(nodes), "one group per tape node in the rendered document");
        Assert.That(await Chromium.CountAsync(page, "svg g.node.loss"), Is.EqualTo(1));
        // Rendered, not just parsed: every node's group has a laid-out box of non-zero size inside the SVG's viewport.
        int drawn = await page.EvaluateFunctionAsync<int>(
            "() => [...document.querySelectorAll('svg g.node')].filter(g => { const b = g.getBBox(); return b.width > 0 && b.height > 0; }).length");
        Assert.That(drawn, Is.EqualTo(nodes), "nodes with a drawn box");
    }

    [Test]
    public void TheLayeredLayoutKeepsBoxesApartAndEdgesDownward()
    {
        var phase = Recording.Step.Phases[0];
        var drawing = TapeGraph.Of(Recording, phase, "test");
        var layout = LayeredLayout.Compute(drawing);
        var boxes = drawing.Nodes.Select(n => (n, c: layout.Centres[n.Id])).ToList();
        foreach (var (a, ca) in boxes)
        {
            foreach (var (b, cb) in boxes.Where(p => !ReferenceEquals(p.n, a)))
            {
                bool apart = Math.Abs(ca.X - cb.X) >= (a.Width + b.Width) / 2 - 0.01 || Math.Abs(ca.Y - cb.Y) >= (a.Height + b.Height) / 2 - 0.01;
                Assert.That(apart, $"{a.Id} and {b.Id} overlap");
            }
        }
        foreach (var edge in drawing.Edges)
        {
            Assert.That(layout.Centres[edge.From].Y, Is.LessThan(layout.Centres[edge.To].Y), $"{edge.From} -> {edge.To} points down");
        }
    }

    private static void CheckSvg(string svg, string engine)
    {
        var phase = Recording.Step.Phases[0];
        Assert.That(svg, Does.Contain($"data-layout=\"{engine}\""));
        var ops = Regex.Matches(svg, "<g class=\"node[^\"]*\" id=\"n\\d+\" data-op=\"([A-Za-z0-9]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.That(ops, Is.EqualTo(phase.Nodes.Select(n => n.Op)), "one group per tape node, in execution order");
        Assert.That(Regex.Matches(svg, "<g class=\"node loss\"").Count, Is.EqualTo(1));
        Assert.That(Regex.Matches(svg, "<g class=\"leaf ").Count, Is.EqualTo(phase.Leaves.Count));
        Assert.That(Regex.Matches(svg, "<path class=\"edge\"").Count, Is.EqualTo(phase.Nodes.Sum(n => n.Inputs.Distinct().Count())));
        Assert.That(svg, Does.Not.Contain("href").And.Not.Contain("http://www.w3.org/1999/xlink").And.Not.Contain("url(http"),
            "self-contained: no links to other files");
        Assert.That(svg, Does.Contain("encoder.encoder.0.0.weight").And.Contain("Conv2dForward").And.Contain("Conv2dBackwardWeight"));
        Assert.DoesNotThrow(() => System.Xml.Linq.XDocument.Parse(svg), "well-formed XML");
    }

    private static void CheckJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        var phase = Recording.Step.Phases[0];
        Assert.That(nodes, Has.Count.EqualTo(phase.Nodes.Count));
        Assert.That(nodes.Select(n => n.GetProperty("id").GetInt32()), Is.EqualTo(Enumerable.Range(0, nodes.Count)));
        var conv = nodes.First(n => n.GetProperty("op").GetString() == "Conv2d");
        Assert.That(conv.GetProperty("output-shape").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 4, 32, 14, 14 }));
        Assert.That(conv.GetProperty("saved").EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "x", "weight", "bias" }));
        Assert.That(conv.GetProperty("saved-bytes").GetInt64(), Is.EqualTo((4 * 28 * 28 + 32 * 9 + 32) * 4L));
        Assert.That(root.GetProperty("leaves").EnumerateArray().Count(), Is.EqualTo(phase.Leaves.Count));
        Assert.That(root.GetProperty("optimizer-primitives").EnumerateArray().First().GetProperty("family").GetString(), Is.EqualTo("optimizer"));
    }
}
