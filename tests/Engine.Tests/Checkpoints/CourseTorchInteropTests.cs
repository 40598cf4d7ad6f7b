// Engine checkpoints in the course's PyTorch classes and back: tools/engine_to_torch.py loads a model.safetensors into the
// notebook's Encoder / Decoder with load_state_dict(strict=True) and evaluates a batch (same latent and reconstruction
// as the engine), then writes the course's two state dicts, which CourseWeights.Import reads back unchanged.
// Skipped with the reason where Debian's python3-torch is not installed. Z = latent size.
namespace Engine.Tests.Checkpoints;

using Engine.Autograd;
using Engine.Models;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Nn.Checkpoints;
using Engine.Tests.Testing;

public sealed class CourseTorchInteropTests
{
    [TestCase("ae", 24)]
    [TestCase("vae", 2)]
    public void EngineCheckpointLoadsStrictlyIntoTheCourseClassesAndBack(string kind, int latent)
    {
        if (SafetensorsTorchInteropTests.TorchUnavailableReason() is { } skip) Assert.Ignore(skip);
        string script = SafetensorsTorchInteropTests.ScriptPath("engine_to_torch.py");
        Generator.ManualSeed(7);
        Module model = kind == "ae" ? new Autoencoder(latent, ImageShape.FashionMnist) : new VariationalAutoencoder(latent, ImageShape.FashionMnist);
        var x = Tensor.RandU(new Shape(3, 1, 28, 28));
        model.Forward(x);                                    // one train-mode pass: running statistics move, counters = 1
        model.Eval();
        var (latentCode, reconstruction) = Evaluate(model, x);

        using var temp = new TempFolder();
        string checkpoint = temp.File("model.safetensors");
        var config = new RunConfig { Family = kind, Latent = latent };
        Checkpoint.Save(model, checkpoint, new Dictionary<string, string> { ["model"] = kind, ["config"] = config.ToJson() });
        SafetensorsFile.Write(temp.File("x.safetensors"), [SafetensorsTensor.FromFloats("x", x.ToArray(), 3, 1, 28, 28)]);

        var (exitCode, output) = SafetensorsTorchInteropTests.RunPython(script, checkpoint,
            "--eval", temp.File("x.safetensors"), temp.File("out.safetensors"),
            "--encoder-out", temp.File("encoder.safetensors"), "--decoder-out", temp.File("decoder.safetensors"));
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("strict=True"));
        var torch = SafetensorsFile.Read(temp.File("out.safetensors"));
        var tolerance = new Tolerance(1e-4, 1e-5);
        AssertTensor.Close(torch["latent"].ToFloats(), latentCode, torch["latent"].Shape, "latent code in PyTorch vs engine", tolerance);
        AssertTensor.Close(torch["reconstruction"].ToFloats(), reconstruction, torch["reconstruction"].Shape, "reconstruction in PyTorch vs engine", tolerance);

        // The course's state dicts written by PyTorch come back unchanged through `engine import`'s loader.
        Module back = kind == "ae" ? new Autoencoder(latent, ImageShape.FashionMnist) : new VariationalAutoencoder(latent, ImageShape.FashionMnist);
        CourseWeights.Import((ICourseAutoencoder)back, temp.File("encoder.safetensors"), temp.File("decoder.safetensors"));
        var original = model.StateDict().ToDictionary(e => e.Name, e => e.Entry);
        foreach (var (name, entry) in back.StateDict())
        {
            if (entry.Values is { } values) Assert.That(values.ToArray(), Is.EqualTo(original[name].Values!.ToArray()), name);
            else Assert.That(entry.Buffer!.Counter, Is.EqualTo(original[name].Buffer!.Counter), name);
        }
    }

    /// <summary>The README's snippet, run as written on a fresh AE checkpoint (only its path replaced).</summary>
    [Test]
    public void TheReadmeSnippetLoadsAnEngineCheckpointStrictly()
    {
        if (SafetensorsTorchInteropTests.TorchUnavailableReason() is { } skip) Assert.Ignore(skip);
        string tools = Path.GetDirectoryName(SafetensorsTorchInteropTests.ScriptPath("engine_to_torch.py"))!;
        string readme = File.ReadAllText(Path.Combine(tools, "..", "README.md"));
        int section = readme.IndexOf("## Weights to and from the course's PyTorch classes", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThanOrEqualTo(0), "README section on PyTorch weights");
        int start = readme.IndexOf("```python\n", section, StringComparison.Ordinal) + "```python\n".Length;
        string snippet = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.That(snippet, Does.Contain("runs/ae-z24/checkpoint/model.safetensors"));

        using var temp = new TempFolder();
        string checkpoint = temp.File("model.safetensors");
        Checkpoint.Save(new Autoencoder(24, ImageShape.FashionMnist), checkpoint);
        string script = temp.File("snippet.py");
        File.WriteAllText(script, snippet.Replace("runs/ae-z24/checkpoint/model.safetensors", checkpoint) + "print('snippet OK')\n");
        var (exitCode, output) = SafetensorsTorchInteropTests.RunPython("-c",
            $"import os, runpy; os.chdir({Quote(Path.GetDirectoryName(tools)!)}); runpy.run_path({Quote(script)})");
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("snippet OK"));
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static (float[] Latent, float[] Reconstruction) Evaluate(Module model, Tensor x)
    {
        using var _ = NoGrad.Scope();
        return model switch
        {
            Autoencoder ae => (ae.Encode(x).ToArray(), ae.Forward(x).ToArray()),
            VariationalAutoencoder vae => (vae.Encode(x).Mu.ToArray(), vae.Forward(x).ToArray()),
            _ => throw new ArgumentException(model.GetType().Name),
        };
    }
}
