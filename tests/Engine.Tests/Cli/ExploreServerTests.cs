// `engine explore`'s server without a browser (issue 25, item 3): a tiny trained AE served on 127.0.0.1; every bad request
// is a 4xx with one line; a decode over HTTP equals the engine's own; a live socket flooded with 200 moves never queues
// (decodes <= moves, the last move answered last); a folder held for writing is refused; nothing is written in the run.
namespace Engine.Tests.Cli;

using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Engine.Cli.Explore;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ExploreServerTests
{
    private TempFolder _temp = null!;
    private string _run = null!;
    private ExploreServer _server = null!;
    private HttpClient _http = null!;
    private Dictionary<string, DateTime> _filesBefore = null!;

    /// <summary>Trains the explorer tests' run: an AE with a 2-D code, 1 epoch on 1,024 bundled images (about 5 s).</summary>
    internal static string TrainTinyRun(TempFolder temp, string model = "ae")
    {
        string run = temp.File(model);
        var (code, output, error) = CliTests.Run("train", model, "--latent", "2", "--epochs", "1", "--limit", "1024", "--test-limit", "300",
            "--batch-size", "32", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        return run;
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        _temp = new TempFolder();
        _run = TrainTinyRun(_temp);
        _filesBefore = Files(_run);
        _server = await ExploreServer.StartAsync(_run);
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task ServesThePageAndTheRunOnLoopbackOnly()
    {
        Assert.That(_server.Url.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(await _http.GetStringAsync("/"), Does.Contain("engine explore"));
        using var info = JsonDocument.Parse(await _http.GetStringAsync($"/api/runs/{_server.Name}"));
        Assert.That(info.RootElement.GetProperty("latent").GetInt32(), Is.EqualTo(2));
        Assert.That(info.RootElement.GetProperty("codes").GetArrayLength(), Is.EqualTo(300 * 2));
        var png = await _http.GetByteArrayAsync($"/api/runs/{_server.Name}/image/7");
        Assert.That(Png.Decode(png).Pixels, Is.EqualTo(Image.FromFloats(_server.Explorer.Test.Image(7), 28, 28).Pixels));
    }

    [TestCase("decode?z=0.1", 400, "A code has 2 values")]
    [TestCase("decode?z=0.1,1e9", 400, "within")]
    [TestCase("decode?z=0.1,NaN", 400, "finite")]
    [TestCase("decode?z=0.1,abc", 400, "not a number")]
    [TestCase("decode", 400, "Give the code")]
    [TestCase("strip?a=0&b=300", 400, "outside 0..299")]
    [TestCase("strip?a=0&b=1&steps=1000", 400, "2 to 64")]
    [TestCase("strip?a=-1&b=1", 400, "whole number")]
    [TestCase("sample?seed=1", 400, "no prior")]
    [TestCase("image/300", 400, "outside")]
    [TestCase("decode?z=0,0&class=3", 400, "decodes without a class")]
    public async Task ABadRequestIsA4xxWithOneLine(string path, int status, string message)
    {
        using var response = await _http.GetAsync($"/api/runs/{_server.Name}/{path}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), body);
        Assert.That(body, Does.Contain(message));
        Assert.That(body.TrimEnd('\n'), Does.Not.Contain('\n'), "one line");
    }

    [Test]
    public async Task AnUnknownRunIs404()
    {
        using var response = await _http.GetAsync("/api/runs/not-this-one/decode?z=0,0");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Unknown run 'not-this-one'"));
    }

    [Test]
    public async Task ADecodeEqualsTheEnginesOwn()
    {
        float[] code = [0.7f, -0.3f];
        using var json = JsonDocument.Parse(await _http.GetStringAsync($"/api/runs/{_server.Name}/decode?z=0.7,-0.3"));
        var pixels = Convert.FromBase64String(json.RootElement.GetProperty("pixels").GetString()!);
        var own = await _server.OnDecodeThread(e => e.Decode(code));
        Assert.That(pixels, Is.EqualTo(own.Select(Image.ToByte).ToArray()));
    }

    [Test]
    public async Task ALiveSocketFloodedWithMovesNeverQueues()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{_server.Url.Authority}/api/runs/{_server.Name}/live"), CancellationToken.None);
        long movesBefore = _server.Stats.Moves, liveBefore = _server.Stats.LiveDecodes;
        const int moves = 200;
        for (int i = 1; i <= moves; i++)
        {
            string message = JsonSerializer.Serialize(new { seq = i, z = new[] { -2f + 4f * i / moves, 0.5f } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        var seen = new List<long>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (seen.Count == 0 || seen[^1] != moves)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            using var reply = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            Assert.That(reply.RootElement.TryGetProperty("error", out _), Is.False, reply.RootElement.ToString());
            seen.Add(reply.RootElement.GetProperty("seq").GetInt64());
        }
        long decoded = _server.Stats.LiveDecodes - liveBefore;
        TestContext.Out.WriteLine($"{moves} moves sent at once: {decoded} decodes, replies for seq {string.Join(",", seen)}");
        Assert.That(_server.Stats.Moves - movesBefore, Is.EqualTo(moves));
        Assert.That(decoded, Is.LessThanOrEqualTo(moves));
        Assert.That(seen, Is.Ordered.Ascending, "the newest move wins; an older one is never answered after it");
        Assert.That(seen[^1], Is.EqualTo(moves), "the last move is answered last");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Test]
    public async Task AMalformedLiveMessageGetsOneLineAndTheSocketGoesOn()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{_server.Url.Authority}/api/runs/{_server.Name}/live"), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        async Task<JsonElement> Ask(string message)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
        }
        Assert.That((await Ask("not json")).GetProperty("error").GetString(), Does.Contain("live message"));
        Assert.That((await Ask("{\"seq\": 2, \"z\": [1, 2, 3]}")).GetProperty("error").GetString(), Does.Contain("2 values"));
        Assert.That((await Ask("{\"seq\": 3, \"z\": [1, 2]}")).GetProperty("image").GetProperty("width").GetInt32(), Is.EqualTo(28));
    }

    [Test]
    public async Task AFolderHeldForWritingIsRefused()
    {
        using (RunLock.Acquire(new RunFolder(_run)))          // as a training run or a figure-writing verb holds it
        {
            using var response = await _http.GetAsync($"/api/runs/{_server.Name}/decode?z=0,0");
            string body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), body);
            Assert.That(body, Does.Contain("held by another engine process"));
            await Assert.ThrowsAsync<RunFolderBusyException>(() => ExploreServer.StartAsync(_run));
            var (code, _, error) = CliTests.Run("explore", _run);
            Assert.That((code, error.Trim().Split('\n').Length), Is.EqualTo((1, 1)), error);
            Assert.That(error, Does.StartWith("engine: Run folder").And.Contain("held by another engine process"));
        }
        using var after = await _http.GetAsync($"/api/runs/{_server.Name}/decode?z=0,0");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task StoppingWithALiveSocketOpenIsQuick()
    {
        var second = await ExploreServer.StartAsync(_run);                   // a second reader of the same run is fine
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{second.Url.Authority}/api/runs/{second.Name}/live"), CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await second.DisposeAsync();
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "Ctrl+C with a page open stops the server");
    }

    [Test]
    public async Task TheVerbPrintsItsAddressServesAndEndsOnSigterm()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "explore", _run }) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            string? line;
            do line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            while (line is not null && !line.StartsWith("Exploring", StringComparison.Ordinal));
            var address = System.Text.RegularExpressions.Regex.Match(line ?? "", @"http://127\.0\.0\.1:\d+/").Value;
            Assert.That(address, Is.Not.Empty, $"the address is printed: {line}");
            Assert.That(await _http.GetStringAsync(new Uri(new Uri(address), "/api/runs")), Does.Contain(_server.Name));
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(process.ExitCode, Is.Zero, await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Test]
    public void TheCommandLineRefusesWhatItCannotExplore()
    {
        var missing = CliTests.Run("explore", _temp.File("no-such-run"));
        Assert.That(missing.Code, Is.EqualTo(1));
        Assert.That(missing.Error, Does.StartWith("engine: Run folder").And.Contain("does not exist"));
        var port = CliTests.Run("explore", _run, "--port", "70000");
        Assert.That(port.Code, Is.EqualTo(2));
        Assert.That(port.Error, Does.Contain("--port must be in 0..65535"));
    }

    [Test]
    public async Task NothingIsWrittenInTheRunFolder()
    {
        foreach (var path in new[] { "", "/decode?z=0.2,0.1", "/strip?a=0&b=1&steps=4", "/image/3", "/stats", "/decode?z=x" })
        {
            using var _ = await _http.GetAsync($"/api/runs/{_server.Name}{path}");
        }
        await ALiveSocketFloodedWithMovesNeverQueues();
        Assert.That(Files(_run), Is.EqualTo(_filesBefore), "the files of the run folder and their times, before and after");
    }

    private static Dictionary<string, DateTime> Files(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => File.GetLastWriteTimeUtc(f));
}
