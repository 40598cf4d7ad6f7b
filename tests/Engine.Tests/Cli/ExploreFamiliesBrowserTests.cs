// `engine explore` on each family's own controls, in headless Chromium (issue 25, item 3): the CVAE decodes the pointer's
// style code with the class picked, the VAE samples from its prior, the AAE's prior support is drawn on the scatter, and a
// latent of 8 is explored on a plane through the codes' principal directions with the other coordinates held at the chosen
// test image's code. Each run is a tiny one (1 epoch on 256 images): the checks are of wiring, not of quality.
namespace Engine.Tests.Cli;

using Engine.Cli.Explore;
using Engine.Imaging;
using Engine.Tests.Checkpoints;
using Engine.Tests.Testing;
using PuppeteerSharp;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ExploreFamiliesBrowserTests
{
    private TempFolder _temp = null!;
    private Chromium _chromium = null!;

    [OneTimeSetUp]
    public async Task Launch()
    {
        _chromium = await Chromium.LaunchAsync();                          // Ignored, with the reason, where Chromium cannot start
        _temp = new TempFolder();
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        _temp?.Dispose();
    }

    [Test]
    public async Task TheCvaeDecodesTheStyleUnderThePointerWithTheClassPicked()
    {
        await using var server = await ExploreServer.StartAsync(Train("cvae", 2));
        var page = await Open(server);
        Assert.That(await page.EvaluateExpressionAsync<bool>("!document.getElementById('classRow').hidden"), Is.True, "the class picker is shown");
        var shown = new Dictionary<int, int[]>();
        foreach (int label in new[] { 3, 7 })
        {
            await page.SelectAsync("#cls", label.ToString());
            await MoveTo(page, 0.6, 0.4);
            Assert.That(await page.EvaluateExpressionAsync<int>("explore.shown.cls"), Is.EqualTo(label));
            var code = await page.EvaluateExpressionAsync<float[]>("explore.shown.code");
            var own = await server.OnDecodeThread(e => e.Decode(code, [label]));
            shown[label] = await page.EvaluateExpressionAsync<int[]>("explore.canvasPixels('decoded')");
            Assert.That(shown[label], Is.EqualTo(own.Select(v => (int)Image.ToByte(v)).ToArray()), $"class {label}");
        }
        Assert.That(shown[3], Is.Not.EqualTo(shown[7]), "the class changes the image");
    }

    [Test]
    public async Task TheVaeSamplesFromItsPrior()
    {
        await using var server = await ExploreServer.StartAsync(Train("vae", 2));
        var page = await Open(server);
        await page.ClickAsync("#sample");
        await page.WaitForFunctionAsync("() => explore.shown && explore.shown.kind === 'sample'");
        var code = await page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var expected = await server.OnDecodeThread(e => e.SamplePrior(1));
        Assert.That(code, Is.EqualTo(expected), "z ~ N(0, I), seed 1");
        var own = await server.OnDecodeThread(e => e.Decode(code));
        Assert.That(await page.EvaluateExpressionAsync<int[]>("explore.canvasPixels('decoded')"), Is.EqualTo(own.Select(v => (int)Image.ToByte(v)).ToArray()));
    }

    [Test]
    public async Task TheAaesPriorSupportIsDrawn()
    {
        await using var server = await ExploreServer.StartAsync(Train("aae", 2));
        var page = await Open(server);
        Assert.That(await page.EvaluateExpressionAsync<string>("explore.info.prior.name"), Is.EqualTo("uniform"));
        // The uniform prior's box [-2.5, 2.5]^2: points of its four edges (off the axes) are drawn on the scatter's canvas.
        foreach (var (u, v) in new[] { (-2.5, -1.3), (2.5, 1.1), (-1.7, 2.5), (1.9, -2.5) })
        {
            int alpha = await page.EvaluateFunctionAsync<int>(@"(u, v) => {
                const r = document.getElementById('points').getBoundingClientRect(), p = explore.pageOfPoint(u, v);
                const x = Math.round(p[0] - r.left), y = Math.round(p[1] - r.top);
                const d = document.getElementById('points').getContext('2d').getImageData(x - 1, y - 1, 3, 3).data;
                let most = 0; for (let k = 3; k < d.length; k += 4) most = Math.max(most, d[k]); return most; }", u, v);
            Assert.That(alpha, Is.GreaterThan(0), $"the support's edge at ({u}, {v}) is drawn");
        }
        Assert.That(await page.EvaluateExpressionAsync<bool>("!document.getElementById('sample').hidden"), Is.True, "an AAE samples its own prior");
    }

    [Test]
    public async Task ALatentOf8IsExploredOnAPlaneThroughTheChosenImage()
    {
        await using var server = await ExploreServer.StartAsync(Train("ae", 8));
        var page = await Open(server);
        Assert.That(await page.EvaluateExpressionAsync<string>("explore.mode"), Is.EqualTo("pca"), "the first two principal directions by default");
        var at = await page.EvaluateFunctionAsync<double[]>("i => explore.pageOfImage(i)", 42);
        await page.Mouse.ClickAsync((decimal)at[0], (decimal)at[1]);
        int anchor = await page.EvaluateExpressionAsync<int>("explore.anchor");
        await page.Mouse.MoveAsync((decimal)at[0] + 20, (decimal)at[1]);         // away and back: a move now held at image 42
        await page.Mouse.MoveAsync((decimal)at[0], (decimal)at[1]);
        await WaitForTheLastMove(page);
        var code = await page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var anchorCode = await server.OnDecodeThread(e => e.Code(anchor));
        double pixel = await page.EvaluateExpressionAsync<double>("Math.max(explore.view.u1 - explore.view.u0, explore.view.v1 - explore.view.v0) / 512");
        Assert.That(anchor, Is.EqualTo(42).Or.Not.EqualTo(0), "the clicked image (or one drawn on the same spot) holds the other coordinates");
        Assert.That(code, Is.EqualTo(anchorCode).Within((float)(2 * pixel)), "the chosen image's own point decodes (within a pixel) its own code");

        await MoveTo(page, 0.2, 0.8);
        code = await page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var (_, first, second) = await server.OnDecodeThread(e => e.Principal);
        var offset = code.Zip(anchorCode, (a, b) => a - b).ToArray();
        float along1 = Dot(offset, first), along2 = Dot(offset, second);
        var rest = offset.Select((d, k) => d - along1 * first[k] - along2 * second[k]).ToArray();
        Assert.That(Math.Sqrt(Dot(rest, rest)), Is.LessThan(1e-4), "only the plane's two directions move; the rest stays at the image's code");
        Assert.That(Math.Sqrt(Dot(offset, offset)), Is.GreaterThan(0.01), "the pointer moved the code");

        await page.SelectAsync("#mode", "axes");
        await page.SelectAsync("#axisI", "2");
        await page.SelectAsync("#axisJ", "5");
        await MoveTo(page, 0.7, 0.3);
        code = await page.EvaluateExpressionAsync<float[]>("explore.shown.code");
        var changed = Enumerable.Range(0, 8).Where(k => Math.Abs(code[k] - anchorCode[k]) > 1e-5).ToArray();
        Assert.That(changed, Is.SubsetOf(new[] { 2, 5 }), "two axes: z3 and z6 follow the pointer, the rest is the image's code");
    }

    private string Train(string model, int latent)
    {
        string run = _temp.File($"{model}-z{latent}");
        var (code, output, error) = CliTests.Run("train", model, "--latent", latent.ToString(), "--epochs", "1", "--limit", "256", "--test-limit", "200",
            "--batch-size", "64", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        return run;
    }

    private async Task<IPage> Open(ExploreServer server)
    {
        var page = await _chromium.OpenAsync(server.Url.AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.explore && window.explore.ready", new WaitForFunctionOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>Moves the pointer to a point of the drawn view (fractions of its width and height) and waits for its image.</summary>
    private static async Task MoveTo(IPage page, double fx, double fy)
    {
        var at = await page.EvaluateFunctionAsync<double[]>(
            "(fx, fy) => { const v = explore.view; return explore.pageOfPoint(v.u0 + fx * (v.u1 - v.u0), v.v0 + fy * (v.v1 - v.v0)); }", fx, fy);
        await page.Mouse.MoveAsync((decimal)at[0], (decimal)at[1]);
        await WaitForTheLastMove(page);
    }

    private static Task WaitForTheLastMove(IPage page) => page.WaitForFunctionAsync(
        "() => explore.shown && explore.shown.kind === 'pointer' && explore.shown.seq === explore.seq", new WaitForFunctionOptions { Timeout = 30_000 });

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
