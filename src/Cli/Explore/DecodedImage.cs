// One decoded image as the explorer sends it: the code it came from, the class (CVAE), its size and its pixels as bytes
// (0..255, Image.ToByte of the decoder's outputs, row-major, one channel) in base64, and the forward's time.
// Z = latent size, H, W = image height and width.
namespace Engine.Cli.Explore;

using Engine.Imaging;

public sealed record DecodedImage(float[] Code, int? Class, int Width, int Height, string Pixels, double DecodeMs)
{
    /// <summary>Image i of decoder outputs (T, H, W) decoded from codes (T, Z).</summary>
    public static DecodedImage From(float[] codes, float[] outputs, int i, int latent, int? label, int height, int width, double ms)
    {
        int size = height * width;
        var bytes = new byte[size];
        for (int p = 0; p < size; p++) bytes[p] = Image.ToByte(outputs[i * size + p]);
        return new DecodedImage(codes[(i * latent)..((i + 1) * latent)], label, width, height, Convert.ToBase64String(bytes), ms);
    }
}
