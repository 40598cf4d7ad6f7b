// Headless Chromium for tests: PuppeteerSharp 25.17.1 over the DevTools protocol, pointed at the system's browser (Debian's
// chromium, found by ExternalTools; LaunchOptions.ExecutablePath, never a download). PuppeteerSharp rather than Selenium:
// it needs no chromedriver matched to the browser's version, and gives real pointer events and typed JavaScript results.
// Where Chromium is absent or cannot start, the test is Ignored with the reason (never failed, never silent).
namespace Engine.Tests.Testing;

using Engine.Tests.Imaging;
using PuppeteerSharp;

internal sealed class Chromium : IAsyncDisposable
{
    private readonly IBrowser _browser;

    private Chromium(IBrowser browser, string path) => (_browser, Path) = (browser, path);

    /// <summary>The browser executable in use.</summary>
    public string Path { get; }

    /// <summary>Starts headless Chromium; Ignores the test when it is not installed or cannot start here.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        string path = ExternalTools.Chromium();
        try
        {
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Timeout = 90_000,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run"],
            });
            return new Chromium(browser, path);
        }
        catch (Exception e)
        {
            Assert.Ignore($"Chromium at {path} cannot start here ({e.GetType().Name}: {e.Message.Split('\n')[0]}).");
            throw;                                                     // not reached
        }
    }

    /// <summary>Opens an http(s) address or a local file (e.g. an SVG) in a new page of the given viewport, and waits for it to load.</summary>
    public async Task<IPage> OpenAsync(string addressOrFile, int width = 1280, int height = 900)
    {
        var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        string url = File.Exists(addressOrFile) ? new Uri(System.IO.Path.GetFullPath(addressOrFile)).AbsoluteUri : addressOrFile;
        var response = await page.GoToAsync(url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        Assert.That(response is null || response.Ok, $"{url} answered {response?.Status}");
        return page;
    }

    /// <summary>How many elements of <paramref name="page"/> match a CSS selector (e.g. "svg g.node", "circle").</summary>
    public static Task<int> CountAsync(IPage page, string selector) =>
        page.EvaluateFunctionAsync<int>("s => document.querySelectorAll(s).length", selector);

    /// <summary>Opens a local file (e.g. graph.svg) and counts the elements matching <paramref name="selector"/>.</summary>
    public async Task<int> CountInFileAsync(string file, string selector)
    {
        var page = await OpenAsync(file);
        try
        {
            return await CountAsync(page, selector);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
    }
}
