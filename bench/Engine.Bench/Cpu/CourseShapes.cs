// The exact shapes the CPU benchmarks time (the same list is in bench/cpu_torch_reference.py).
// Batch 64. ConvGeometry(N, C, H, W, K, R, S, strideH, strideW, padH, padW): input (N, C, H, W), weight (K, C, R, S).
namespace Engine.Bench.Cpu;

using Engine.Kernels;

/// <summary>
/// | layer | PyTorch module            | input -> output             | primitive (forward)  | im2col GEMM M x N x K |
/// |-------|---------------------------|-----------------------------|----------------------|-----------------------|
/// | enc1  | Conv2d(1, 32, 3, 2, 1)    | 64x1x28x28 -> 64x32x14x14   | Conv2dForward        | 32 x 12544 x 9        |
/// | enc2  | Conv2d(32, 64, 3, 2, 1)   | 64x32x14x14 -> 64x64x7x7    | Conv2dForward        | 64 x 3136 x 288       |
/// | enc3  | Conv2d(64, 128, 3, 2, 1)  | 64x64x7x7 -> 64x128x4x4     | Conv2dForward        | 128 x 1024 x 576      |
/// | enc4  | Conv2d(128, 256, 3, 2, 1) | 64x128x4x4 -> 64x256x2x2    | Conv2dForward        | 256 x 256 x 1152      |
/// | enc5  | Conv2d(256, 512, 1)       | 64x256x2x2 -> 64x512x2x2    | Conv2dForward (1x1)  | 512 x 256 x 256       |
/// | dec1  | ConvT2d(512, 256, 3, 2, 1, op 1) | 64x512x1x1 -> 64x256x2x2 | Conv2dBackwardData | 2304 x 64 x 512 (A^T) |
/// | dec2  | ConvT2d(256, 128, 3, 2, 1, op 1) | 64x256x2x2 -> 64x128x4x4 | Conv2dBackwardData | 1152 x 256 x 256 (A^T) |
/// | dec3  | ConvT2d(128, 64, 3, 2, 1, op 1)  | 64x128x4x4 -> 64x64x8x8  | Conv2dBackwardData | 576 x 1024 x 128 (A^T) |
/// | dec4  | ConvT2d(64, 32, 3, 2, 1, op 1)   | 64x64x8x8 -> 64x32x16x16 | Conv2dBackwardData | 288 x 4096 x 64 (A^T)  |
/// | dec5  | ConvT2d(32, 32, 3, 2, 1, op 1)   | 64x32x16x16 -> 64x32x32x32 | Conv2dBackwardData | 288 x 16384 x 32 (A^T) |
/// | final | Conv2d(32, 1, 7, 1, 1)    | 64x32x32x32 -> 64x1x28x28   | Conv2dForward (direct) | (1 x 50176 x 1568)  |
/// Batch-norm (N, C, S) after each block: 64x32x196, 64x64x49, 64x128x16, 64x256x4, 64x512x4 (encoder), 64x256x4,
/// 64x128x16, 64x64x64, 64x32x256, 64x32x1024 (decoder). These are the layers of src/Models/CourseNetworks.cs for
/// 28x28 images (Linear layers: 2048 -> latent, latent -> 512).
/// </summary>
public static class CourseShapes
{
    /// <summary>Layers by name; a transposed convolution's geometry is that of the convolution it transposes.</summary>
    public static readonly IReadOnlyDictionary<string, (ConvGeometry Geometry, bool Transposed)> Layers =
        new Dictionary<string, (ConvGeometry, bool)>
        {
            ["enc1"] = (new(64, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1), false),
            ["enc2"] = (new(64, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1), false),
            ["enc3"] = (new(64, 64, 7, 7, 128, 3, 3, 2, 2, 1, 1), false),
            ["enc4"] = (new(64, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1), false),
            ["enc5"] = (new(64, 256, 2, 2, 512, 1, 1, 1, 1, 0, 0), false),
            ["dec1"] = (new(64, 256, 2, 2, 512, 3, 3, 2, 2, 1, 1), true),
            ["dec2"] = (new(64, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1), true),
            ["dec3"] = (new(64, 64, 8, 8, 128, 3, 3, 2, 2, 1, 1), true),
            ["dec4"] = (new(64, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1), true),
            ["dec5"] = (new(64, 32, 32, 32, 32, 3, 3, 2, 2, 1, 1), true),
            ["final"] = (new(64, 32, 32, 32, 1, 7, 7, 1, 1, 1, 1), false),
        };

    /// <summary>Batch-norm shapes (N, C, S) as "NxCxS".</summary>
    public static readonly string[] Norms = ["64x32x196", "64x64x49", "64x128x16", "64x256x4", "64x512x4", "64x64x64", "64x32x256", "64x32x1024"];

    /// <summary>GEMM shapes "MxNxK" (a trailing "t" means A is transposed): square, then the layers' im2col GEMMs.</summary>
    public static readonly string[] Gemms =
        ["256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
         "32x12544x9", "64x3136x288", "128x1024x576", "256x256x1152", "288x4096x64t"];

    public static (int M, int N, int K, bool TransposeA) ParseGemm(string shape)
    {
        bool transposeA = shape.EndsWith('t');
        var parts = shape.TrimEnd('t').Split('x').Select(int.Parse).ToArray();
        return (parts[0], parts[1], parts[2], transposeA);
    }

    public static (int N, int C, int S) ParseNorm(string shape)
    {
        var parts = shape.Split('x').Select(int.Parse).ToArray();
        return (parts[0], parts[1], parts[2]);
    }
}
