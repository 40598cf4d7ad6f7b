// Bilinear and bicubic up-sampling against PyTorch's F.interpolate(align_corners=False) (values printed by torch 1.13)
// and against the hand computation of the first bicubic weight.
using Engine.Imaging;

namespace Engine.Tests.Imaging;

public class ResamplingTests
{
    private static readonly float[] Square = [0, 1, 2, 3];   // [[0, 1], [2, 3]]

    // torch.rand(1, 1, 3, 4, generator=torch.Generator().manual_seed(3))
    private static readonly float[] Random3x4 =
    [
        0.004263520240783691f, 0.10556936264038086f, 0.2858424782752991f, 0.026954829692840576f, 0.47161436080932617f, 0.06011629104614258f,
        0.7718658447265625f, 0.7436993718147278f, 0.5944212079048157f, 0.887856662273407f, 0.45103132724761963f, 0.7994906306266785f,
    ];

    [Test]
    public void BilinearMatchesPyTorch()
    {
        float[] expected = [0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3];
        Assert.That(Resampling.Bilinear(Square, 1, 2, 2, 4, 4), Is.EqualTo(expected).Within(1e-6f));
        // 3 x 4 -> 12 x 16, every 17th value of the flattened output.
        float[] every17 =
        [
            0.004263520240783691f, 0.004263520240783691f, 0.06733304262161255f, 0.14539672434329987f, 0.1593599170446396f, 0.10922262072563171f,
            0.2346060425043106f, 0.4759066700935364f, 0.5736353993415833f, 0.5277923345565796f, 0.4945887327194214f, 0.5817035436630249f,
        ];
        var output = Resampling.Bilinear(Random3x4, 1, 3, 4, 12, 16);
        Assert.That(Enumerable.Range(0, 12).Select(i => output[17 * i]), Is.EqualTo(every17).Within(1e-6f));
    }

    [Test]
    public void BicubicMatchesPyTorchAndTheHandComputedWeight()
    {
        // One row [0, 1] doubled: output 0 reads s = -0.25, taps -2..1 clamped to 0, 0, 0, 1, so it is the last weight,
        // Keys' far lobe at 1.25 with A = -0.75: ((A 1.25 - 5A) 1.25 + 8A) 1.25 - 4A = -0.10546875. The image x + 2y is
        // linear, so its first output is -0.10546875 (1 + 2) = -0.31640625, PyTorch's value.
        var row = Resampling.Bicubic([0f, 1f], 1, 1, 2, 1, 4);
        Assert.That(row[0], Is.EqualTo(-0.10546875f).Within(1e-7f));
        float[] expected =
        [
            -0.3164062f, 0.0156250f, 0.5625000f, 0.8945312f, 0.3476562f, 0.6796875f, 1.2265625f, 1.5585938f,
            1.4414062f, 1.7734375f, 2.3203125f, 2.6523438f, 2.1054688f, 2.4375000f, 2.9843750f, 3.3164062f,
        ];
        Assert.That(Resampling.Bicubic(Square, 1, 2, 2, 4, 4), Is.EqualTo(expected).Within(1e-6f));
        float[] every17 =
        [
            -0.06440048664808273f, -0.03919510543346405f, 0.05353131890296936f, 0.08825217187404633f, 0.024142185226082802f, -0.0048796432092785835f,
            0.1819881647825241f, 0.4495243430137634f, 0.5696485638618469f, 0.50191730260849f, 0.42996707558631897f, 0.4944072663784027f,
        ];
        var output = Resampling.Bicubic(Random3x4, 1, 3, 4, 12, 16);
        Assert.That(Enumerable.Range(0, 12).Select(i => output[17 * i]), Is.EqualTo(every17).Within(1e-6f));
        var doubled = Resampling.Bicubic(Random3x4, 1, 3, 4, 6, 8);
        Assert.That(doubled[0], Is.EqualTo(-0.06141624227166176f).Within(1e-6f));
        Assert.That(doubled[47], Is.EqualTo(0.846315860748291f).Within(1e-6f));
        Assert.That(doubled[21], Is.EqualTo(0.7435089945793152f).Within(1e-6f));
    }

    [Test]
    public void WeightsSumToOneAndConstantsStayConstant()
    {
        foreach (bool cubic in new[] { false, true })
        {
            var (_, weight, taps) = Resampling.Taps1d(7, 28, cubic);
            for (int d = 0; d < 28; d++)
            {
                Assert.That(weight.Skip(d * taps).Take(taps).Sum(), Is.EqualTo(1.0).Within(1e-12), $"cubic {cubic}, output {d}");
            }
        }
        var flat = Enumerable.Repeat(0.4f, 2 * 7 * 7).ToArray();
        Assert.That(Resampling.Bicubic(flat, 2, 7, 7, 28, 28), Is.All.EqualTo(0.4f).Within(1e-6f));
        Assert.That(Resampling.Bilinear(flat, 2, 7, 7, 28, 28), Has.Length.EqualTo(2 * 28 * 28).And.All.EqualTo(0.4f).Within(1e-6f));
        var error = Assert.Throws<ArgumentException>(() => Resampling.Bilinear(flat, 2, 7, 8, 28, 28))!;
        Assert.That(error.Message, Does.Contain("7 x 8"));
    }
}
