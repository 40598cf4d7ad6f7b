// The shapes every GPU benchmark times, in one table; bench/gpu_torch_reference.py times the same list.
// The course autoencoder on 28 x 28 images: encoder Conv2d k3 s2 p1 1->32->64->128->256 (28->14->7->4->2),
// a 1x1 conv 256->512, decoder ConvTranspose2d k3 s2 p1 512->256->128->64->32 (2->4->7->14->28, output
// padding 1, 0, 1, 1), and a final 3x3 conv 32->1. A transposed conv is described by the conv it inverts.
namespace Engine.Bench.Gpu;

using Engine.Kernels;

public sealed record ConvShape(string Name, bool Transposed, ConvGeometry Geometry);

public static class GpuShapes
{
    public static readonly int[] GemmSizes = [1024, 2048, 3072, 4096];

    public static readonly int[] Batches = [64, 512];

    public static IEnumerable<ConvShape> Convs(int n)
    {
        // (name, transposed, C, H, K, R, stride, pad): input (n, C, H, H), weight (K, C, R, R)
        var table = new (string, bool, int, int, int, int, int, int)[]
        {
            ("enc1 conv 1->32 28->14", false, 1, 28, 32, 3, 2, 1),
            ("enc2 conv 32->64 14->7", false, 32, 14, 64, 3, 2, 1),
            ("enc3 conv 64->128 7->4", false, 64, 7, 128, 3, 2, 1),
            ("enc4 conv 128->256 4->2", false, 128, 4, 256, 3, 2, 1),
            ("enc5 conv1x1 256->512 2x2", false, 256, 2, 512, 1, 1, 0),
            ("dec1 convT 512->256 2->4", true, 256, 4, 512, 3, 2, 1),
            ("dec2 convT 256->128 4->7", true, 128, 7, 256, 3, 2, 1),
            ("dec3 convT 128->64 7->14", true, 64, 14, 128, 3, 2, 1),
            ("dec4 convT 64->32 14->28", true, 32, 28, 64, 3, 2, 1),
            ("out conv 32->1 28x28", false, 32, 28, 1, 3, 1, 1),
        };
        foreach (var (name, transposed, c, h, k, r, stride, pad) in table)
        {
            yield return new ConvShape(name, transposed, new ConvGeometry(n, c, h, h, k, r, r, stride, stride, pad, pad));
        }
    }

    /// <summary>Batch-norm inputs (N, C, S) after each encoder/decoder conv.</summary>
    public static IEnumerable<(string Name, int N, int C, int S)> BatchNorms(int n) =>
    [
        ("bn 32 x 14x14", n, 32, 196), ("bn 64 x 7x7", n, 64, 49), ("bn 128 x 4x4", n, 128, 16),
        ("bn 256 x 2x2", n, 256, 4), ("bn 32 x 28x28", n, 32, 784),
    ];
}
