// aae --code-bound B (AaeOptions: one line of its table): the code is B tanh(E(x)), so no code leaves [-B, B]^Z; 0, the
// default, leaves the encoder's output as it is. The option was added in the family's folder alone: the command line,
// --help, config.json and the report's settings come from the table (AaeOptionsTests holds every setting to that).
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Cli;

public class CodeBoundTests
{
    private static readonly ImageShape Digits = new(1, 28, 28);

    [Test]
    public void TheCommandLineSetsItAndTheDefaultIsOff()
    {
        Assert.That(TrainCommand.ConfigFor("aae")!.Aae.CodeBound, Is.Zero);
        Assert.That(TrainCommand.ConfigFor("aae", "--code-bound", "2.5")!.Aae.CodeBound, Is.EqualTo(2.5f));
        Assert.That(TrainCommand.ConfigFor("aae", "--code-bound", "-1"), Is.Null, "a negative bound is refused");
    }

    [Test]
    public void BoundedCodesStayInsideTheBoxAndFollowTanh()
    {
        var x = Tensor.RandU(new Shape(16, 1, 28, 28), generator: new Generator(3));      // (B, C, H, W)
        var model = new AdversarialAutoencoder(2, Digits, codeBound: 0.5f);
        float[] z = model.Encoder.Forward(x).ToArray(), zb = model.Encode(x).ToArray();   // E(x), code (B, Z); training mode
        Assert.That(z.Max(Math.Abs), Is.GreaterThan(0.5f), "the unbounded codes leave the box, so the test can fail");
        for (int i = 0; i < z.Length; i++)
        {
            Assert.That(zb[i], Is.EqualTo(0.5f * MathF.Tanh(z[i])).Within(1e-5f), $"code value {i}");
            Assert.That(Math.Abs(zb[i]), Is.LessThanOrEqualTo(0.5f));
        }
    }
}
