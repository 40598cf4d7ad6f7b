// `engine explore`'s web server: ASP.NET Core's minimal API (the shared framework, no NuGet) on 127.0.0.1 only. It serves
// the page, the run's codes as JSON, one-shot decodes, interpolation strips, prior samples, test images (PNG), the live
// pointer socket and a stats hook. A bad request is a 4xx with one line: 400 for a value out of range, 404 for a run this
// server does not explore, 409 while another process holds the run folder for writing (checked on every request).
// Nothing is written anywhere: no run-folder file, no log, no key store.
namespace Engine.Cli.Explore;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Engine.Imaging;
using Engine.Models;
using Engine.Models.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

public sealed class ExploreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DecodeThread _thread;

    private ExploreServer(WebApplication app, DecodeThread thread, LatentExplorer explorer)
    {
        (_app, _thread, Explorer) = (app, thread, explorer);
        Name = Path.GetFileName(explorer.Folder.Path);
    }

    public LatentExplorer Explorer { get; }

    /// <summary>The run's name in the API's paths: its folder's name.</summary>
    public string Name { get; }

    /// <summary>The page's address, http://127.0.0.1:PORT/.</summary>
    public Uri Url { get; private set; } = null!;

    public ExploreStats Stats { get; } = new();

    /// <summary>
    /// Opens the run read-only (refusing one held for writing), encodes its test set on the decode thread, and starts
    /// serving on 127.0.0.1:<paramref name="port"/> (0: a free port, see <see cref="Url"/>).
    /// </summary>
    public static async Task<ExploreServer> StartAsync(string runPath, int port = 0, int maxPoints = 2000, Action<string>? log = null)
    {
        if (port is < 0 or > 65535) throw new ArgumentException($"--port must be in 0..65535 (0: a free port); got {port}.");
        var thread = new DecodeThread();
        try
        {
            var explorer = await thread.Run(() => LatentExplorer.Open(runPath, maxPoints, log));
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            var server = new ExploreServer(builder.Build(), thread, explorer);
            server.Map();
            try
            {
                await server._app.StartAsync();
            }
            catch (IOException e)
            {
                throw new IOException($"Cannot listen on 127.0.0.1:{port} ({e.InnerException?.Message ?? e.Message}); choose another --port, or leave it out for a free one.");
            }
            var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Url = new Uri(address.TrimEnd('/') + "/");
            return server;
        }
        catch
        {
            thread.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> with the explorer on the decode thread, where the model lives (tests, tools).</summary>
    public Task<T> OnDecodeThread<T>(Func<LatentExplorer, T> work) => _thread.Run(() => work(Explorer));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _thread.Dispose();
    }

    /// <summary>Decodes codes (T, Z) in one forward on the decode thread, after checking them and the run's lock.</summary>
    internal Task<DecodedImage[]> DecodeAsync(float[] codes, int? label, bool live) => _thread.Run(() =>
    {
        LatentExplorer.RefuseIfHeld(Explorer.Folder);
        Explorer.CheckCodes(codes);
        int count = codes.Length / Explorer.Latent;
        int[]? labels = null;
        if (Explorer.Conditional)
        {
            int cls = label ?? throw new ArgumentException($"A CVAE run decodes a code with a class: add class=0..{Explorer.Test.ClassCount - 1}.");
            Explorer.CheckClass(cls);
            labels = Enumerable.Repeat(cls, count).ToArray();
        }
        else if (label is not null)
        {
            throw new ArgumentException($"This {Explorer.Config.Family} run decodes without a class; only a cvae run takes class=.");
        }
        var clock = Stopwatch.StartNew();
        var outputs = Explorer.Decode(codes, labels);
        double ms = clock.Elapsed.TotalMilliseconds;
        Stats.Decoded(live);
        int? shownClass = Explorer.Conditional ? label : null;
        return Enumerable.Range(0, count)
            .Select(i => DecodedImage.From(codes, outputs, i, Explorer.Latent, shownClass, Explorer.Test.Height, Explorer.Test.Width, ms)).ToArray();
    });

    private void Map()
    {
        _app.UseWebSockets();
        _app.MapGet("/", () => Results.Content(ExplorePage.Html, "text/html; charset=utf-8"));
        _app.MapGet("/api/runs", () => Results.Json(new[] { Name }));
        _app.MapGet("/api/runs/{run}", (HttpContext c, string run) => Handle(c, run, () => Task.FromResult(Results.Json(ExploreInfo.Of(Explorer, Name)))));
        _app.MapGet("/api/runs/{run}/decode", (HttpContext c, string run) => Handle(c, run, async () =>
            Results.Json((await DecodeAsync(ParseCode(c.Request.Query["z"]), OptionalInt(c, "class"), live: false))[0])));
        _app.MapGet("/api/runs/{run}/strip", (HttpContext c, string run) => Handle(c, run, async () =>
        {
            int a = RequiredInt(c, "a"), b = RequiredInt(c, "b"), steps = OptionalInt(c, "steps") ?? 10;
            var codes = await _thread.Run(() => Explorer.StripCodes(a, b, steps));
            return Results.Json(await DecodeAsync(codes, OptionalInt(c, "class"), live: false));
        }));
        _app.MapGet("/api/runs/{run}/sample", (HttpContext c, string run) => Handle(c, run, async () =>
        {
            ulong seed = (ulong)(OptionalInt(c, "seed") ?? 1);
            var code = await _thread.Run(() => Explorer.SamplePrior(seed));
            return Results.Json((await DecodeAsync(code, OptionalInt(c, "class"), live: false))[0]);
        }));
        _app.MapGet("/api/runs/{run}/image/{index}", (HttpContext c, string run, string index) => Handle(c, run, () =>
        {
            var test = Explorer.Test;
            if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= test.Count)
            {
                throw new ArgumentException($"Test image '{index}' is outside 0..{test.Count - 1}.");
            }
            var png = Png.Encode(Image.FromFloats(test.Image(i), test.Width, test.Height));
            return Task.FromResult(Results.Bytes(png, "image/png"));
        }));
        _app.MapGet("/api/runs/{run}/stats", (HttpContext c, string run) => Handle(c, run, () => Task.FromResult(Results.Json(new
        {
            moves = Stats.Moves, decodes = Stats.Decodes, liveDecodes = Stats.LiveDecodes, superseded = Stats.Superseded,
        }))));
        _app.Map("/api/runs/{run}/live", (HttpContext c, string run) => Handle(c, run, async () =>
        {
            if (!c.WebSockets.IsWebSocketRequest) throw new ArgumentException("The live decoder is a WebSocket: connect with ws://.");
            using var socket = await c.WebSockets.AcceptWebSocketAsync();
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, _app.Lifetime.ApplicationStopping);
            await new LiveDecoding(this, socket).RunAsync(ends.Token);        // until the page goes or the server stops
            return Results.Empty;
        }));
    }

    /// <summary>Runs a handler for run <paramref name="run"/>, turning the errors a request can cause into a 4xx with one line.</summary>
    private async Task<IResult> Handle(HttpContext context, string run, Func<Task<IResult>> handler)
    {
        try
        {
            if (run != Name) return Results.Text($"Unknown run '{run}'; this server explores '{Name}'.\n", statusCode: 404);
            LatentExplorer.RefuseIfHeld(Explorer.Folder);
            return await handler();
        }
        catch (RunFolderBusyException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 409);
        }
        catch (ArgumentException e)
        {
            return Results.Text(e.Message + "\n", statusCode: 400);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
    }

    /// <summary>A code from "z1,z2,...": invariant-culture floats; range checks are the explorer's.</summary>
    internal static float[] ParseCode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("Give the code to decode as z=z1,z2,... (comma-separated numbers).");
        var parts = text.Split(',');
        if (parts.Length > 4096) throw new ArgumentException($"A code of {parts.Length} values is too long.");
        var code = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out code[i]))
            {
                throw new ArgumentException($"Code value {i + 1}, '{parts[i]}', is not a number.");
            }
        }
        return code;
    }

    private static int RequiredInt(HttpContext c, string name) =>
        OptionalInt(c, name) ?? throw new ArgumentException($"Give {name}=<integer>.");

    private static int? OptionalInt(HttpContext c, string name)
    {
        string? text = c.Request.Query[name];
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= 0 ? value
            : throw new ArgumentException($"{name} must be a whole number >= 0; got '{text}'.");
    }
}
