// PyTorch interop both ways: fixtures written by tools/make_safetensors_fixtures.py (torch 1.13) load here with the
// exact names, shapes, dtypes and values; files written here load in torch (checked by the same script, if available).
using System.Diagnostics;
using System.Text.Json;
using Engine.Nn.Checkpoints;
using NUnit.Framework;

namespace Engine.Tests.Checkpoints;

public class SafetensorsTorchInteropTests
{
    private const string Python = "/usr/bin/python3";

    public static string FixturePath(string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "safetensors", name);

    [TestCase("torch_sequential")]
    [TestCase("dtypes")]
    public void TorchFixtureLoadsWithExpectedNamesShapesDtypesAndValues(string stem)
    {
        var (tensors, metadata) = SafetensorsFile.Read(FixturePath(stem + ".safetensors"));
        using var expected = JsonDocument.Parse(File.ReadAllText(FixturePath(stem + ".expected.json")));
        var root = expected.RootElement;

        Assert.That(metadata["format"], Is.EqualTo("pt"));
        var entries = root.GetProperty("tensors").EnumerateArray().ToArray();
        Assert.That(tensors.Select(t => t.Name), Is.EqualTo(entries.Select(e => e.GetProperty("name").GetString())), "names in file order");
        for (int i = 0; i < entries.Length; i++)
        {
            var tensor = tensors[i];
            var entry = entries[i];
            Assert.That(tensor.DType.HeaderName(), Is.EqualTo(entry.GetProperty("dtype").GetString()), tensor.Name);
            Assert.That(tensor.Shape, Is.EqualTo(entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())), tensor.Name);
            Assert.That(Values(tensor), Is.EqualTo(entry.GetProperty("values").EnumerateArray().Select(ParseValue)), tensor.Name);
        }
    }

    [Test]
    public void TorchSequentialFixtureHasStateDictNames()
    {
        var contents = SafetensorsFile.Read(FixturePath("torch_sequential.safetensors"));
        Assert.That(contents.Tensors.Select(t => t.Name), Is.EquivalentTo(new[]
        {
            "0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "0.1.running_mean", "0.1.running_var",
            "0.1.num_batches_tracked", "1.weight", "1.bias",
        }));
        Assert.That(contents["0.0.weight"].Shape, Is.EqualTo(new[] { 4, 1, 3, 3 }));
        Assert.That(contents["1.weight"].Shape, Is.EqualTo(new[] { 3, 16 }));
        Assert.That(contents["0.1.num_batches_tracked"].DType, Is.EqualTo(SafetensorsDType.I64));
        Assert.That(contents["0.1.num_batches_tracked"].Shape, Is.Empty);
        Assert.That(contents["0.1.num_batches_tracked"].ToLongs(), Is.EqualTo(new[] { 3L }));
        Assert.That(contents["0.1.running_mean"].ToFloats().Any(v => v != 0f), Is.True, "running stats were updated in torch");
    }

    [Test]
    public void FileWrittenHereLoadsIntoTheTorchModel()
    {
        // Same names and shapes as the torch state_dict, new values: torch must read exactly these.
        var source = SafetensorsFile.Read(FixturePath("torch_sequential.safetensors"));
        var tensors = source.Tensors.Select(t => t.DType == SafetensorsDType.I64
            ? SafetensorsTensor.FromLongs(t.Name, [t.ToLongs()[0] + 4], t.Shape)
            : SafetensorsTensor.FromFloats(t.Name, t.ToFloats().Select((v, i) => v * 2f + i * 0.001f).ToArray(), t.Shape)).ToList();
        RunTorchCheck(tensors, new Dictionary<string, string> { ["format"] = "pt", ["model"] = "roundtrip" }, withModel: true);
    }

    [Test]
    public void EveryCommonDtypeWrittenHereReadsInTorch()
    {
        var source = SafetensorsFile.Read(FixturePath("dtypes.safetensors"));
        var tensors = source.Tensors.Select(t => t with { Name = "copy." + t.Name }).ToList();
        tensors.Add(SafetensorsTensor.FromFloats("fresh", [0.25f, -1e-7f, float.NegativeInfinity], 3, 1));
        RunTorchCheck(tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" }, withModel: false);
    }

    private static void RunTorchCheck(List<SafetensorsTensor> tensors, Dictionary<string, string> metadata, bool withModel)
    {
        string? skip = TorchUnavailableReason();
        if (skip is not null)
        {
            Assert.Ignore(skip);
        }
        using var temp = new TempFolder();
        string path = temp.File("from-csharp.safetensors");
        SafetensorsFile.Write(path, tensors, metadata);
        CheckInTorch(path, withModel);
    }

    /// <summary>Torch reads the file at <paramref name="path"/> with exactly the values we read (and, with
    /// <paramref name="withModel"/>, load_state_dict(strict=True) into the fixture's nn.Sequential succeeds).</summary>
    internal static void CheckInTorch(string path, bool withModel)
    {
        string? skip = TorchUnavailableReason();
        if (skip is not null)
        {
            Assert.Ignore(skip);
        }
        string expectedPath = path + ".expected.json";
        WriteExpected(expectedPath, SafetensorsFile.Read(path));
        var (exitCode, output) = RunPython(ScriptPath(), "check", path, expectedPath, withModel ? "--model" : "");
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("OK"));
    }

    /// <summary>The same JSON layout the script writes: metadata, then per tensor (file order) name, dtype, shape, values.</summary>
    private static void WriteExpected(string path, SafetensorsContents contents)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        foreach (var (key, value) in contents.Metadata)
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteStartArray("tensors");
        foreach (var tensor in contents.Tensors)
        {
            json.WriteStartObject();
            json.WriteString("name", tensor.Name);
            json.WriteString("dtype", tensor.DType.HeaderName());
            json.WriteStartArray("shape");
            foreach (int dim in tensor.Shape)
            {
                json.WriteNumberValue(dim);
            }
            json.WriteEndArray();
            json.WriteStartArray("values");
            foreach (object value in Values(tensor))
            {
                switch (value)
                {
                    case long l: json.WriteNumberValue(l); break;
                    case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                    case double d: json.WriteStringValue(double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf"); break;
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Values as long (integer dtypes) or double (F64 exactly, other floats widened from float32).</summary>
    private static IEnumerable<object> Values(SafetensorsTensor tensor) => tensor.DType switch
    {
        SafetensorsDType.F64 => Enumerable.Range(0, (int)tensor.ElementCount)
            .Select(i => (object)BitConverter.ToDouble(tensor.Data, i * 8)),
        SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 => tensor.ToFloats().Select(v => (object)(double)v),
        _ => tensor.ToLongs().Select(v => (object)v),
    };

    private static object ParseValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.NaN,
        },
        _ when element.TryGetInt64(out long l) && !element.GetRawText().Contains('.') && !element.GetRawText().Contains('e') => l,
        _ => element.GetDouble(),
    };

    internal static string? TorchUnavailableReason()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} not found: install Debian's python3-torch to run the PyTorch interop check.";
        }
        var (exitCode, output) = RunPython("-c", "import torch; print(torch.__version__)");
        return exitCode == 0 ? null : $"{Python} cannot import torch (install Debian's python3-torch): {output.Trim()}";
    }

    internal static string ScriptPath(string name = "make_safetensors_fixtures.py")
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tools", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Ignore($"tools/{name} not found above the test folder (running outside the repository).");
        return "";
    }

    internal static (int ExitCode, string Output) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments.Where(a => a.Length > 0))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
