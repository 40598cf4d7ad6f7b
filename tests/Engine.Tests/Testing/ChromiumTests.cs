// The tests' Chromium helper (Testing/Chromium.cs) on a local SVG file: it opens, renders and counts elements, as a test of
// `engine graph`'s SVG will. Ignored with the reason where Chromium cannot start.
namespace Engine.Tests.Testing;

using Engine.Tests.Checkpoints;

[NonParallelizable]
public class ChromiumTests
{
    [Test]
    public async Task OpensALocalSvgAndCountsItsElements()
    {
        await using var chromium = await Chromium.LaunchAsync();
        using var temp = new TempFolder();
        string svg = temp.File("shapes.svg");
        File.WriteAllText(svg, """
            <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
              <g class="node"><rect x="5" y="5" width="40" height="20"/><text x="8" y="20">a</text></g>
              <g class="node"><rect x="60" y="5" width="40" height="20"/><text x="63" y="20">b</text></g>
              <g class="node"><rect x="115" y="5" width="40" height="20"/><text x="118" y="20">c</text></g>
              <path class="edge" d="M45 15 L60 15"/><path class="edge" d="M100 15 L115 15"/>
            </svg>
            """);

        Assert.That(await chromium.CountInFileAsync(svg, "g.node"), Is.EqualTo(3));
        Assert.That(await chromium.CountInFileAsync(svg, "path.edge"), Is.EqualTo(2));
        var page = await chromium.OpenAsync(svg);
        var width = await page.EvaluateExpressionAsync<double>("document.querySelector('g.node rect').getBoundingClientRect().width");
        Assert.That(width, Is.EqualTo(40).Within(0.5), "rendered, not only parsed");
    }
}
