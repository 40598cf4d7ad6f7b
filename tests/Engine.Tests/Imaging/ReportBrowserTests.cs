// report.html in headless Chromium: every image and plot loads (non-zero natural size), the screenshot is
// not blank (decoded with our PNG decoder), and the plots' rendered text and legend do not collide.
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

[NonParallelizable]
public partial class ReportBrowserTests
{
    private string _folder = "";
    private ReportPage _report = null!;
    private string _dom = "";
    private string _legibility = "";
    private string _screenshot = "";

    [OneTimeSetUp]
    public void RenderInChromium()
    {
        string chromium = ExternalTools.Chromium();
        _folder = ExternalTools.TempFolder("browser");
        _report = SampleRun.Write(_folder);
        string page = _report.Write(_folder);
        File.WriteAllText(Path.Combine(_folder, "canary.svg"), LegibilityPage.Canary);
        string legibility = LegibilityPage.Write(_folder, [.. _report.Figures.Select(f => f.File).Where(f => f.EndsWith(".svg")), "canary.svg"]);
        _screenshot = Path.Combine(_folder, "screenshot.png");

        Task<string> dom = Task.Run(() => Headless(chromium, "--dump-dom", page));
        Task<string> checks = Task.Run(() => Headless(chromium, "--dump-dom", legibility));
        Task<string> shot = Task.Run(() => Headless(chromium, $"--screenshot={_screenshot}", page, "--window-size=1400,3200"));
        _dom = dom.Result;
        _legibility = checks.Result;
        TestContext.Out.WriteLine($"run folder: {_folder}\n{shot.Result}");
    }

    [Test]
    public void EveryImageAndPlotLoads()
    {
        MatchCollection images = ImageTag().Matches(_dom);

        Assert.That(_dom, Does.Contain($"data-images-checked=\"{_report.Figures.Count}\""), "the page's load script ran");
        Assert.That(images.Select(m => WebUtility.HtmlDecode(m.Groups["src"].Value)), Is.EqualTo(_report.Figures.Select(f => f.File)));
        foreach (Match image in images)
        {
            Assert.That(int.Parse(image.Groups["width"].Value), Is.GreaterThan(0), $"{image.Groups["src"].Value} did not load");
        }
        Assert.That(_dom, Does.Not.Contain("class=\"broken\""));
    }

    [Test]
    public void ScreenshotIsNotBlank()
    {
        Image shot = Png.Read(_screenshot);
        Image rgb = shot.ToChannels(3);
        double sum = 0, sumOfSquares = 0;
        var colourSet = new HashSet<int>();
        for (int i = 0; i < rgb.Width * rgb.Height; i++)
        {
            int r = rgb.Pixels[3 * i], g = rgb.Pixels[3 * i + 1], b = rgb.Pixels[3 * i + 2];
            double luminance = (r + g + b) / 3.0;
            sum += luminance;
            sumOfSquares += luminance * luminance;
            colourSet.Add((r << 16) | (g << 8) | b);
        }
        int pixels = rgb.Width * rgb.Height;
        double variance = sumOfSquares / pixels - (sum / pixels) * (sum / pixels);
        int colours = colourSet.Count;

        TestContext.Out.WriteLine($"screenshot {shot.Width}x{shot.Height}: variance {variance:F0}, {colours} colours");
        Assert.That((shot.Width, shot.Height), Is.EqualTo((1400, 3200)));
        Assert.That(variance, Is.GreaterThan(100));
        Assert.That(colours, Is.GreaterThan(500));
    }

    [Test]
    public void PlotsAreLegibleWhenRendered()
    {
        string json = WebUtility.HtmlDecode(ResultBlock().Match(_legibility).Groups["json"].Value);
        using JsonDocument results = JsonDocument.Parse(json);

        Assert.That(results.RootElement.GetArrayLength(), Is.EqualTo(5));
        foreach (JsonElement plot in results.RootElement.EnumerateArray())
        {
            string name = plot.GetProperty("name").GetString()!;
            string[] problems = plot.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToArray();
            TestContext.Out.WriteLine($"{name}: {plot}");
            if (name == "canary.svg")
            {
                Assert.That(problems, Has.Some.Contains("texts overlap").And.Some.Contains("legend covers 1 data marks")
                    .And.Some.Contains("text outside the picture"), "the checker must catch a deliberately bad plot");
                continue;
            }
            Assert.That(problems, Is.Empty, name);
            Assert.That(plot.GetProperty("xTicks").GetInt32(), Is.InRange(3, 15), name);
            Assert.That(plot.GetProperty("yTicks").GetInt32(), Is.InRange(3, 15), name);
        }
    }

    private string Headless(string chromium, string action, string page, string? extra = null)
    {
        string profile = Path.Combine(_folder, "profile-" + Guid.NewGuid().ToString("N"));
        var arguments = new List<string>
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--no-first-run", $"--user-data-dir={profile}", action,
        };
        if (extra is not null)
        {
            arguments.Add(extra);
        }
        arguments.Add(new Uri(page).AbsoluteUri);
        (int exitCode, string output) = ExternalTools.Run(chromium, arguments, 90);
        Assert.That(exitCode, Is.Zero, $"chromium {action} failed:\n{output}");
        return output;
    }

    [GeneratedRegex("<img src=\"(?<src>[^\"]*)\"[^>]*data-natural-width=\"(?<width>\\d+)\"")]
    private static partial Regex ImageTag();

    [GeneratedRegex("<pre id=\"result\">(?<json>.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ResultBlock();
}
