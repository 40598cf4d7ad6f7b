// Conformance cases for the three convolution passes on every geometry (the course's layers, split-K backward-weight,
// stride-2 transposed shapes, odd sizes), checked against the dot-product error bound; backward-weight run twice must
// give identical results.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Conv()
    {
        foreach (var (name, g) in ConvGeometries())
        {
            yield return Case($"Conv2d {name}", g.MultiplyAdds, h =>
            {
                var x = h.Random(g.InputLength);
                var w = h.Random(g.WeightLength);
                var dy = h.Random(g.OutputLength);
                var y = h.Output(g.OutputLength);
                h.BothWithinSumBound(y, g.C * g.R * g.S, "output", [x, w], (b, s) => b.Conv2dForward(s(x), s(w), g, s(y)));
                var dx = h.Output(g.InputLength);
                h.BothWithinSumBound(dx, g.K * g.R * g.S, "dInput", [dy, w], (b, s) => b.Conv2dBackwardData(s(dy), s(w), g, s(dx)));
                var dw = h.Output(g.WeightLength);
                h.BothWithinSumBound(dw, g.N * g.P * g.Q, "dWeight", [x, dy], (b, s) => b.Conv2dBackwardWeight(s(x), s(dy), g, s(dw)));
                var first = h.Download(dw.Gpu);
                h.Gpu.Conv2dBackwardWeight(x.Gpu, dy.Gpu, g, dw.Gpu);
                h.ExpectIdentical(dw.Gpu, first, "dWeight run twice (determinism)");
            });
        }
    }

    /// <summary>
    /// The convolution geometries: the course autoencoder's layers (batch 2), its transposed convolutions as backward-data
    /// shapes, and odd strides, pads, kernels and sizes (stride 2 at every phase the fast CPU backend splits by).
    /// ConvGeometry(N, C, H, W, K, R, S, strideH, strideW, padH, padW).
    /// </summary>
    private static IEnumerable<(string Name, ConvGeometry G)> ConvGeometries()
    {
        (string, ConvGeometry)[] named =
        [
            ("3x3 s1 p1", new ConvGeometry(2, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1)),
            ("encoder 1->32 k3 s2 p1 28x28 batch 64 (split-K)", new ConvGeometry(64, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1)),
            ("encoder 128->256 k3 s2 p1 4x4", new ConvGeometry(8, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1)),
            ("1x1 256->70", new ConvGeometry(3, 256, 2, 2, 70, 1, 1, 1, 1, 0, 0)),
            ("5x4 s2x3 p2x1 odd", new ConvGeometry(3, 7, 13, 10, 9, 5, 4, 2, 3, 2, 1)),
            ("decoder-as-backward 64<-32 k3 s2 p1 7x7", new ConvGeometry(4, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1)),
        ];
        ConvGeometry[] shapes =
        [
            new(2, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1),      // encoder 1 -> 32, 28 -> 14
            new(2, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1),     // encoder 32 -> 64, 14 -> 7
            new(2, 64, 7, 7, 128, 3, 3, 2, 2, 1, 1),      // encoder 64 -> 128, 7 -> 4
            new(2, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1),     // encoder 128 -> 256, 4 -> 2; conv-transpose 256 -> 128, 2 -> 4
            new(2, 256, 2, 2, 512, 1, 1, 1, 1, 0, 0),     // 1 x 1, 256 -> 512
            new(2, 256, 2, 2, 512, 3, 3, 2, 2, 1, 1),     // conv-transpose 512 -> 256, 1 -> 2 (as its backward-data)
            new(2, 64, 8, 8, 128, 3, 3, 2, 2, 1, 1),      // conv-transpose 128 -> 64, 4 -> 8
            new(2, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1),     // conv-transpose 64 -> 32, 8 -> 16
            new(2, 32, 32, 32, 32, 3, 3, 2, 2, 1, 1),     // conv-transpose 32 -> 32, 16 -> 32
            new(2, 32, 32, 32, 1, 7, 7, 1, 1, 1, 1),      // final 7 x 7 conv, 32 -> 1, 32 -> 28 (direct kernels)
            new(2, 32, 16, 16, 1, 7, 7, 1, 1, 3, 3),      // 7 x 7 conv with "same" padding
            new(5, 32, 16, 16, 3, 7, 7, 1, 1, 3, 3),      // large patches: the fast backend splits the batch in chunks
            new(4, 64, 64, 64, 4, 3, 3, 2, 2, 1, 1),      // columns past the chunk limit: the fast forward splits images over threads
            new(3, 4, 13, 29, 2, 3, 5, 1, 1, 1, 2),       // direct kernels: rows of 29 (no whole vector at any width), 13 rows
            new(2, 3, 10, 32, 4, 3, 3, 1, 1, 1, 1),       // direct kernels: rows of exactly 32, four output channels
            new(3, 5, 7, 9, 5, 2, 3, 1, 2, 0, 1),         // odd: non-square kernel and strides
            new(1, 2, 9, 9, 3, 3, 3, 3, 3, 2, 2),         // stride 3, pad 2
            new(2, 3, 6, 5, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1 with stride 2 (not pointwise)
            new(1, 1, 6, 6, 1, 5, 5, 1, 1, 0, 0),         // one channel, kernel near the image size
            // stride 2 (the fast backend splits these by input phase): odd sizes, padding 0 / 1 / 2, kernels 1 / 3 / 4 / 5
            new(2, 3, 7, 9, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1: odd phases have no taps (zero gradient)
            new(2, 3, 9, 7, 5, 3, 3, 2, 2, 0, 0),
            new(2, 3, 8, 8, 4, 3, 3, 2, 2, 0, 0),         // the last row and column are read by no output
            new(2, 4, 11, 13, 3, 3, 3, 2, 2, 1, 1),
            new(2, 6, 11, 13, 5, 3, 3, 2, 2, 1, 1),       // channels in blocks of four and a remainder, odd columns
            new(2, 3, 10, 9, 4, 4, 4, 2, 2, 1, 1),
            new(2, 3, 9, 10, 5, 4, 4, 2, 2, 0, 0),
            new(3, 2, 13, 11, 3, 5, 5, 2, 2, 2, 2),
            new(2, 3, 12, 9, 2, 5, 5, 2, 2, 1, 1),
            new(2, 3, 8, 9, 4, 5, 3, 2, 2, 1, 0),         // kernel and padding differ per axis
            new(37, 8, 14, 14, 16, 3, 3, 2, 2, 1, 1),     // many images: chunks and per-thread partial sums
            new(2, 16, 7, 7, 160, 3, 3, 2, 2, 1, 1),      // GEMM depth above one packed block
        ];
        return named.Concat(shapes.Select(g =>
            ($"N{g.N}C{g.C}H{g.H}W{g.W}K{g.K}R{g.R}S{g.S}s{g.StrideH}{g.StrideW}p{g.PadH}{g.PadW}", g)));
    }
}
