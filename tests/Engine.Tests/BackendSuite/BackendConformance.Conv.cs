// Conformance: convolution forward, backward-data (also the transposed convolution's forward) and
// backward-weight on the course autoencoder's layer shapes (batch 2) and on odd strides, pads and sizes.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using NUnit.Framework;

public abstract partial class BackendConformance
{
    // ConvGeometry(N, C, H, W, K, R, S, strideH, strideW, padH, padW)
    private static readonly ConvGeometry[] ConvShapes =
    [
        new(2, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1),      // encoder 1 -> 32, 28 -> 14
        new(2, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1),     // encoder 32 -> 64, 14 -> 7
        new(2, 64, 7, 7, 128, 3, 3, 2, 2, 1, 1),      // encoder 64 -> 128, 7 -> 4
        new(2, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1),     // encoder 128 -> 256, 4 -> 2
        new(2, 256, 2, 2, 512, 1, 1, 1, 1, 0, 0),     // 1 x 1, 256 -> 512
        new(2, 256, 2, 2, 512, 3, 3, 2, 2, 1, 1),     // conv-transpose 512 -> 256, 1 -> 2 (as its backward-data)
        new(2, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1),     // conv-transpose 256 -> 128, 2 -> 4
        new(2, 64, 8, 8, 128, 3, 3, 2, 2, 1, 1),      // conv-transpose 128 -> 64, 4 -> 8
        new(2, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1),     // conv-transpose 64 -> 32, 8 -> 16
        new(2, 32, 32, 32, 32, 3, 3, 2, 2, 1, 1),     // conv-transpose 32 -> 32, 16 -> 32
        new(2, 32, 32, 32, 1, 7, 7, 1, 1, 1, 1),      // final 7 x 7 conv, 32 -> 1, 32 -> 28 (direct kernels)
        new(2, 32, 16, 16, 1, 7, 7, 1, 1, 3, 3),      // 7 x 7 conv with "same" padding
        new(5, 32, 16, 16, 3, 7, 7, 1, 1, 3, 3),      // large patches: the fast backend splits the batch in chunks
        new(3, 5, 7, 9, 5, 2, 3, 1, 2, 0, 1),         // odd: non-square kernel and strides
        new(1, 2, 9, 9, 3, 3, 3, 3, 3, 2, 2),         // stride 3, pad 2
        new(2, 3, 6, 5, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1 with stride 2 (not pointwise)
        new(1, 1, 6, 6, 1, 5, 5, 1, 1, 0, 0),         // one channel, kernel near the image size
        // stride 2 (the fast backend splits these by input phase): odd sizes, padding 0 / 1 / 2, kernels 1 / 3 / 4 / 5
        new(2, 3, 7, 9, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1: odd phases have no taps (zero gradient)
        new(2, 3, 9, 7, 5, 3, 3, 2, 2, 0, 0),
        new(2, 3, 8, 8, 4, 3, 3, 2, 2, 0, 0),         // the last row and column are read by no output
        new(2, 4, 11, 13, 3, 3, 3, 2, 2, 1, 1),
        new(2, 3, 10, 9, 4, 4, 4, 2, 2, 1, 1),
        new(2, 3, 9, 10, 5, 4, 4, 2, 2, 0, 0),
        new(3, 2, 13, 11, 3, 5, 5, 2, 2, 2, 2),
        new(2, 3, 12, 9, 2, 5, 5, 2, 2, 1, 1),
        new(2, 3, 8, 9, 4, 5, 3, 2, 2, 1, 0),         // kernel and padding differ per axis
        new(37, 8, 14, 14, 16, 3, 3, 2, 2, 1, 1),     // many images: chunks and per-thread partial sums
        new(2, 16, 7, 7, 160, 3, 3, 2, 2, 1, 1),      // GEMM depth above one packed block
    ];

    private static IEnumerable<TestCaseData> ConvCases() =>
        ConvShapes.Select(g => new TestCaseData(g).SetArgDisplayNames(
            $"N{g.N}C{g.C}H{g.H}W{g.W}K{g.K}R{g.R}S{g.S}s{g.StrideH}{g.StrideW}p{g.PadH}{g.PadW}"));

    [TestCaseSource(nameof(ConvCases))]
    public void Conv2dForwardMatchesReference(ConvGeometry g)
    {
        SkipIfHeavy(g.MultiplyAdds, g.ToString());
        var x = Random(g.InputLength, 1);
        var w = Random(g.WeightLength, 2);
        var (actual, expected) = Both(s => Conv(s, x, w, g, (b, xi, wi, y) => b.Conv2dForward(xi, wi, g, y), g.OutputLength));
        var bound = OnReference(s => Conv(s, Abs(x), Abs(w), g, (b, xi, wi, y) => b.Conv2dForward(xi, wi, g, y), g.OutputLength));
        AssertSumsClose(actual[0], expected[0], bound[0], g.C * g.R * g.S, $"Conv2dForward {g}");
    }

    [TestCaseSource(nameof(ConvCases))]
    public void Conv2dBackwardDataMatchesReference(ConvGeometry g)
    {
        SkipIfHeavy(g.MultiplyAdds, g.ToString());
        var dy = Random(g.OutputLength, 3);
        var w = Random(g.WeightLength, 4);
        var (actual, expected) = Both(s => Conv(s, dy, w, g, (b, d, wi, dx) => b.Conv2dBackwardData(d, wi, g, dx), g.InputLength));
        var bound = OnReference(s => Conv(s, Abs(dy), Abs(w), g, (b, d, wi, dx) => b.Conv2dBackwardData(d, wi, g, dx), g.InputLength));
        AssertSumsClose(actual[0], expected[0], bound[0], g.K * g.R * g.S, $"Conv2dBackwardData {g}");
    }

    [TestCaseSource(nameof(ConvCases))]
    public void Conv2dBackwardWeightMatchesReference(ConvGeometry g)
    {
        SkipIfHeavy(g.MultiplyAdds, g.ToString());
        var x = Random(g.InputLength, 5);
        var dy = Random(g.OutputLength, 6);
        var (actual, expected) = Both(s => Conv(s, x, dy, g, (b, xi, d, dw) => b.Conv2dBackwardWeight(xi, d, g, dw), g.WeightLength));
        var bound = OnReference(s => Conv(s, Abs(x), Abs(dy), g, (b, xi, d, dw) => b.Conv2dBackwardWeight(xi, d, g, dw), g.WeightLength));
        AssertSumsClose(actual[0], expected[0], bound[0], g.N * g.P * g.Q, $"Conv2dBackwardWeight {g}");
    }

    private static float[][] Conv(
        Session s, float[] first, float[] second, ConvGeometry g,
        Action<IBackend, DeviceBuffer, DeviceBuffer, DeviceBuffer> primitive, int outputLength)
    {
        var output = s.Alloc(outputLength);
        primitive(s.B, s.Up(first), s.Up(second), output);
        return [s.Down(output)];
    }
}
