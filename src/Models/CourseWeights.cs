// Course-trained PyTorch weights into the engine: the two state dicts a course user saves (encoder.state_dict() and
// decoder.state_dict() of the notebook's Encoder / Decoder, as safetensors) load unchanged into an engine model's
// "encoder" and "decoder" children. Every name and shape is checked first; a mismatch names the first tensor at fault
// and says which architecture the file seems to come from. Z = latent size.
namespace Engine.Models;

using Engine.Nn.Checkpoints;

/// <summary>An engine model built from the course's Encoder and Decoder (AE, denoising AE, sparse AEs, VAE).</summary>
public interface ICourseAutoencoder
{
    CourseEncoder Encoder { get; }

    CourseDecoder Decoder { get; }
}

/// <summary>Raised when a file is a valid safetensors file but not the network it should be.</summary>
public sealed class CourseWeightsException(string message) : IOException(message);

public static class CourseWeights
{
    /// <summary>Loads an Encoder and a Decoder state dict into <paramref name="model"/>; nothing changes on error.</summary>
    public static void Import(ICourseAutoencoder model, string encoderFile, string decoderFile)
    {
        Check(model.Encoder, encoderFile, $"the course's Encoder({model.Encoder.Outputs})");
        Check(model.Decoder, decoderFile, $"the course's Decoder({model.Decoder.Latent})");
        Checkpoint.Load(model.Encoder, encoderFile);
        Checkpoint.Load(model.Decoder, decoderFile);
    }

    /// <summary>The latent size Z of a course Decoder state dict (its linear.weight is (512, Z)), or null.</summary>
    public static int? DecoderLatent(string decoderFile)
    {
        var contents = SafetensorsFile.Read(decoderFile);
        var linear = contents.Tensors.FirstOrDefault(t => t.Name == "linear.weight");
        return linear is { Shape.Length: 2 } && contents.Tensors.Any(t => t.Name == "decoder.0.0.weight") ? linear.Shape[1] : null;
    }

    /// <summary>What network a state dict seems to come from, in words (for error messages).</summary>
    public static string Describe(SafetensorsContents contents)
    {
        var byName = contents.Tensors.ToDictionary(t => t.Name);
        bool Has(string name) => byName.ContainsKey(name);
        if (Has("linear.weight") && Has("decoder.0.0.weight") && byName["linear.weight"].Shape.Length == 2)
        {
            return $"the course's Decoder({byName["linear.weight"].Shape[1]})";
        }
        if (Has("encoder.0.0.weight") && Has("encoder.6.weight") && byName["encoder.6.weight"].Shape.Length == 2)
        {
            int outputs = byName["encoder.6.weight"].Shape[0];
            return $"the course's Encoder({outputs}): an AE encoder with latent {outputs}" +
                (outputs % 2 == 0 ? $" or a VAE encoder with latent {outputs / 2}" : "");
        }
        if (Has("decoder.0.weight") && Has("decoder.7.weight"))
        {
            return "the engine's earlier decoder (sizes 1-2-4-7-14-28, final 7x7 conv with padding 3), which is not the " +
                "course's: retrain the run with this version, which builds the course's Decoder";
        }
        if (contents.Tensors.Any(t => t.Name.StartsWith("encoder.encoder.", StringComparison.Ordinal)
                                   || t.Name.StartsWith("decoder.linear.", StringComparison.Ordinal)))
        {
            return "a whole engine checkpoint (a run folder's model.safetensors), not a single Encoder or Decoder state dict";
        }
        return contents.Tensors.Count == 0
            ? "an empty state dict"
            : $"an unknown network ({contents.Tensors.Count} tensors, the first '{contents.Tensors[0].Name}')";
    }

    private static void Check(Module expected, string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist; pass the safetensors file saved from {what}.", path);
        }
        var contents = SafetensorsFile.Read(path);
        var byName = contents.Tensors.ToDictionary(t => t.Name);
        string? problem = null;
        foreach (var (name, entry) in expected.StateDict())
        {
            int[] shape = entry.Values is { } values ? values.Shape.ToArray() : [];
            if (!byName.TryGetValue(name, out var tensor))
            {
                problem = $"has no tensor '{name}'";
            }
            else if (entry.Values is not null && !tensor.Shape.SequenceEqual(shape))
            {
                problem = $"tensor '{name}' has shape ({string.Join(", ", tensor.Shape)}), {what} has ({string.Join(", ", shape)})";
            }
            if (problem is not null) break;
        }
        var names = expected.StateDict().Select(e => e.Name).ToHashSet();
        if (problem is null && contents.Tensors.FirstOrDefault(t => !names.Contains(t.Name)) is { } extra)
        {
            problem = $"holds tensor '{extra.Name}', which {what} does not have";
        }
        if (problem is not null)
        {
            throw new CourseWeightsException($"'{path}' {problem}. The file looks like {Describe(contents)}; {what} was expected.");
        }
    }
}
