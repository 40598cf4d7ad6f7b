// `engine explore` in a real browser (issue 25, item 4): headless Chromium (Testing/Chromium.cs, PuppeteerSharp) opens the
// page on a tiny trained AE, moves the pointer to two points (the drawn image changes and equals the engine's own decode of
// the code under the pointer, read back from the canvas), clicks two test images (the strip is the decoded line between
// their codes; the slider walks it), sweeps 200 moves in 2 s (decodes <= moves, the last move's image shown last) and
// prints the pointer-to-image latency (p50; bench/RESULTS.md records it: a measurement, not asserted as a timing).
namespace Engine.Tests.Cli;

using Engine.Cli.Explore;
using Engine.Imaging;
using Engine.Models;
using Engine.Tests.Checkpoints;
using Engine.Tests.Testing;
using PuppeteerSharp;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ExploreBrowserTests
{
    private TempFolder _temp = null!;
    private Chromium _chromium = null!;
    private ExploreServer _server = null!;
    private IPage _page = null!;

    /// <summary>
    /// Set to a trained run folder (latent 2) to explore it instead of a fresh tiny one: README's screenshot
    /// (docs/explore.png) comes from this test run on a better-trained VAE.
    /// </summary>
    private const string RunVariable = "ENGINE_EXPLORE_TEST_RUN";

    [OneTimeSetUp]
    public async Task OpenTheExplorer()
    {
        _chromium = await Chromium.LaunchAsync();                          // Ignored, with the reason, where Chromium cannot start
        _temp = new TempFolder();
        string run = Environment.GetEnvironmentVariable(RunVariable) is { Length: > 0 } given ? given : ExploreServerTests.TrainTinyRun(_temp);
        _server = await ExploreServer.StartAsync(run);
        _page = await _chromium.OpenAsync(_server.Url.AbsoluteUri);
        await _page.WaitForFunctionAsync("() => window.explore && window.explore.ready", new WaitForFunctionOptions { Timeout = 60_000 });
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        _temp?.Dispose();
    }

    [Test]
    public async Task ThePointerDecodesLiveAndMatchesTheEngine()
    {
        var first = await MoveToPlanePoint(0.25, 0.3);
        var second = await MoveToPlanePoint(0.75, 0.8);

        Assert.That(first.Pixels, Is.Not.EqualTo(second.Pixels), "the decoded image changes as the pointer moves");
        foreach (var shown in new[] { first, second })
        {
            var own = await _server.OnDecodeThread(e => e.Decode(shown.Code));
            Assert.That(shown.Pixels, Is.EqualTo(own.Select(v => (int)Image.ToByte(v)).ToArray()), $"the drawn image is the engine's decode of ({string.Join(", ", shown.Code)})");
            Assert.That(shown.Code, Is.EqualTo(shown.Asked).Within(1e-5f), "latent 2: the code is the plane point under the pointer");
        }
    }

    [Test]
    public async Task ClickingTwoTestImagesShowsTheStripAndTheSliderWalksIt()
    {
        foreach (int index in new[] { 10, 200 })
        {
            var at = await _page.EvaluateFunctionAsync<double[]>("i => explore.pageOfImage(i)", index);
            await _page.Mouse.ClickAsync((decimal)at[0], (decimal)at[1]);
        }
        await _page.WaitForFunctionAsync("() => document.body.dataset.strip", new WaitForFunctionOptions { Timeout = 30_000 });
        var selected = await _page.EvaluateExpressionAsync<int[]>("explore.selected");
        Assert.That(selected, Has.Length.EqualTo(2));
        TestContext.Out.WriteLine($"clicked test images 10 and 200; the page selected {selected[0]} and {selected[1]} (the nearest points)");

        var codes = await _server.OnDecodeThread(e => e.StripCodes(selected[0], selected[1], 10));
        var own = (await _server.OnDecodeThread(e => e.Decode(codes))).Select(v => (int)Image.ToByte(v)).ToArray();
        for (int k = 0; k < 10; k++)
        {
            var drawn = await _page.EvaluateFunctionAsync<int[]>("k => explore.canvasPixels(document.getElementById('strip').children[k])", k);
            Assert.That(drawn, Is.EqualTo(own[(k * 784)..((k + 1) * 784)]), $"strip image {k}");
        }
        Assert.That(own[..784], Is.Not.EqualTo(own[^784..]), "the strip goes somewhere");

        await _page.EvaluateExpressionAsync("(() => { const s = document.getElementById('walk'); s.value = 6; s.dispatchEvent(new Event('input')); })()");
        var walked = await _page.EvaluateExpressionAsync<int[]>("explore.canvasPixels(document.getElementById('walked'))");
        Assert.That(walked, Is.EqualTo(own[(6 * 784)..(7 * 784)]), "the slider shows strip image 6");
    }

    [Test]
    public async Task ASweepOf200MovesNeverQueues()
    {
        long movesBefore = _server.Stats.Moves, decodesBefore = _server.Stats.LiveDecodes;
        int seqBefore = await _page.EvaluateExpressionAsync<int>("explore.seq");
        int latenciesBefore = await _page.EvaluateExpressionAsync<int>("explore.latencies.length");
        var path = new List<double[]>();
        for (int i = 0; i < 200; i++) path.Add(await PagePoint(0.1 + 0.8 * i / 199.0, 0.5 + 0.4 * Math.Sin(6 * i / 199.0)));
        // Chromium aligns real mouse input to frames (about 60 moves a second through DevTools), so 200 real moves take over
        // 3 s: the sweep dispatches its pointermove events in the page instead, one every 10 ms, to the same handler.
        double sweepSeconds = await _page.EvaluateFunctionAsync<double>(@"(points, dt) => new Promise(done => {
            const overlay = document.getElementById('overlay'), t0 = performance.now();
            let i = 0;
            const step = () => {
                const p = points[i++];
                overlay.dispatchEvent(new PointerEvent('pointermove', { clientX: p[0], clientY: p[1], bubbles: true }));
                if (i < points.length) setTimeout(step, Math.max(0, t0 + i * dt - performance.now())); else done((performance.now() - t0) / 1000);
            };
            step();
        })", path, 10);
        await WaitForTheLastMove();
        var last = path[^1];
        long moves = _server.Stats.Moves - movesBefore, decodes = _server.Stats.LiveDecodes - decodesBefore;
        int sent = await _page.EvaluateExpressionAsync<int>("explore.seq") - seqBefore;
        var lastCode = await _page.EvaluateFunctionAsync<float[]>("(x, y) => explore.codeAtPage(x, y)", last[0], last[1]);
        var shown = await _page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var latencies = (await _page.EvaluateExpressionAsync<double[]>("explore.latencies"))[latenciesBefore..];

        TestContext.Out.WriteLine($"sweep: {sent} moves in {sweepSeconds:F2} s, {moves} received, {decodes} decoded ({moves - decodes} coalesced away); " +
            $"pointer to image over the sweep: p50 {Percentile(latencies, 0.5):F1} ms, p90 {Percentile(latencies, 0.9):F1} ms ({latencies.Length} images shown)");
        Assert.That(sent, Is.EqualTo(200));
        Assert.That(moves, Is.EqualTo(200));
        Assert.That(decodes, Is.LessThanOrEqualTo(moves), "no queue: never more decodes than moves");
        Assert.That(shown, Is.EqualTo(lastCode).Within(1e-5f), "the latest move's image is the one shown last");
    }

    [Test]
    public async Task PointerToImageLatency()
    {
        var latencies = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            var before = await _page.EvaluateExpressionAsync<int>("explore.latencies.length");
            var at = await PagePoint(0.2 + 0.015 * i, 0.7 - 0.01 * i);
            await _page.Mouse.MoveAsync((decimal)at[0], (decimal)at[1]);
            await WaitForTheLastMove();
            latencies.Add(await _page.EvaluateFunctionAsync<double>("n => explore.latencies[n]", before));
            await Task.Delay(40);
        }
        TestContext.Out.WriteLine($"pointer to image, one move at a time ({latencies.Count} moves, {Environment.ProcessorCount} cores, " +
            $"{Engine.Kernels.Cpu.Simd.SimdWidths.CpuName}): p50 {Percentile(latencies, 0.5):F1} ms, p90 {Percentile(latencies, 0.9):F1} ms, " +
            $"min {latencies.Min():F1} ms");
        Assert.That(latencies, Has.Count.EqualTo(40).And.All.GreaterThan(0));

        string shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "explore-screenshot.png");
        await _page.ScreenshotAsync(shot);
        TestContext.Out.WriteLine($"screenshot: {shot}");
        Assert.That(Png.Read(shot).Width, Is.EqualTo(1280));
    }

    /// <summary>Moves the pointer to a point of the plane given as fractions of the drawn view; returns what the page then shows.</summary>
    private async Task<(float[] Code, float[] Asked, int[] Pixels)> MoveToPlanePoint(double fx, double fy)
    {
        var at = await PagePoint(fx, fy);
        await _page.Mouse.MoveAsync((decimal)at[0], (decimal)at[1]);
        await WaitForTheLastMove();
        var asked = await _page.EvaluateFunctionAsync<float[]>("(x, y) => explore.codeAtPage(x, y)", at[0], at[1]);
        var code = await _page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var pixels = await _page.EvaluateExpressionAsync<int[]>("explore.canvasPixels(document.getElementById('decoded'))");
        return (code, asked, pixels);
    }

    private Task<double[]> PagePoint(double fx, double fy) => _page.EvaluateFunctionAsync<double[]>(
        "(fx, fy) => { const v = explore.view; return explore.pageOfPoint(v.u0 + fx * (v.u1 - v.u0), v.v0 + fy * (v.v1 - v.v0)); }", fx, fy);

    private Task WaitForTheLastMove() => _page.WaitForFunctionAsync(
        "() => explore.shown && explore.shown.kind === 'pointer' && explore.shown.seq === explore.seq", new WaitForFunctionOptions { Timeout = 30_000 });

    private static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
