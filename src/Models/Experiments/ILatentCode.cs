// What the latent-space verbs (interpolate, sample, arithmetic) need of a trained experiment: a code for an image and an
// image for a code. A family offers them by implementing this interface; TrainedRun never asks which family it is.
// N = images, C, H, W = channels, height, width, Z = latent size.
namespace Engine.Models.Experiments;

public interface ILatentCode
{
    /// <summary>The code size Z.</summary>
    int Latent { get; }

    /// <summary>True when codes are posterior means and the prior is N(0, I) (a VAE).</summary>
    bool IsVariational { get; }

    /// <summary>Images (N, C, H, W) to codes (N, Z); a VAE gives mu.</summary>
    Tensor Encode(Tensor images);

    /// <summary>Codes (N, Z) to images (N, C, H, W).</summary>
    Tensor Decode(Tensor codes);
}
