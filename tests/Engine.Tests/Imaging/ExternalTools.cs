// Helpers for tests that call independent tools: Debian's python3 with PIL (python3-pil) and headless Chromium.
// When a tool is absent the test is reported Ignored with the package to install, never silently passed.
using System.Diagnostics;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

internal static class ExternalTools
{
    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> HasPil = new(() =>
        File.Exists(Python) && Run(Python, ["-c", "import PIL.Image"], 30).ExitCode == 0);

    private static readonly Lazy<string?> ChromiumPath = new(() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists));

    /// <summary>Runs a Python snippet with PIL; Ignores the test when python3-pil is not installed.</summary>
    public static string RunPil(string script, params string[] arguments)
    {
        if (!HasPil.Value)
        {
            Assert.Ignore("PIL is not available: install the Debian packages python3 and python3-pil (/usr/bin/python3).");
        }
        (int exitCode, string output) = Run(Python, ["-c", script, .. arguments], 60);
        Assert.That(exitCode, Is.Zero, $"python3 (PIL) failed:\n{output}");
        return output;
    }

    /// <summary>The Chromium executable; Ignores the test when it is not installed.</summary>
    public static string Chromium()
    {
        if (ChromiumPath.Value is null)
        {
            Assert.Ignore("Chromium is not available: install the Debian package chromium (headless checks of report.html).");
        }
        return ChromiumPath.Value!;
    }

    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, int timeoutSeconds)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within {timeoutSeconds} s.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>This test run's temp area, removed by <see cref="ImagingTempCleanup"/> after the run.</summary>
    public static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "engine-imaging-tests", $"run-{Guid.NewGuid():N}");

    /// <summary>A fresh empty folder under the test run's temp area.</summary>
    public static string TempFolder(string name)
    {
        string folder = Path.Combine(TempRoot, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
