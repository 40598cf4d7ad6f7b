// The shape of one input image: channels, height, width (C, H, W).
namespace Engine.Models;

/// <summary>The shape of one input image: channels, height, width (C, H, W).</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>1 x 28 x 28, the Fashion-MNIST images.</summary>
    public static ImageShape FashionMnist => new(1, 28, 28);

    /// <summary>Values per image: C * H * W.</summary>
    public int Count => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
