// config.json and metrics.csv as written by a run, and as a kill or a careless edit leaves them: every defect is an
// InvalidDataException that names the file and the line, never a parser's own exception or a stack trace.
namespace Engine.Tests.Training;

using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Checkpoints;

public class RunFileParsingTests
{
    [Test]
    public void ConfigRoundTrips()
    {
        var config = new RunConfig { Family = "sparse-kl", Latent = 900, Limit = 64, Seed = 7 }.With(new VaeOptions { KlWeight = 0.25f });
        Assert.That(RunConfig.FromJson(config.ToJson(), "config.json"), Is.EqualTo(config));
    }

    [TestCase("", "config.json is not a valid run configuration")]
    [TestCase("{\"model\": \"ae\",\n \"latent\": \"many\"}", "line 2")]
    [TestCase("{\"model\": \"ae\",\n \"latent\": 99999999999}", "setting 'latent'")]
    [TestCase("{\"seed\": -1}", "setting 'seed'")]
    [TestCase("{\"reconstruction-reduction\": \"median\"}", "setting 'reconstruction-reduction'")]
    [TestCase("{\"model\": \"ae\", \"latent\": 2", "not a valid run configuration")]
    [TestCase("[1, 2]", "not a valid run configuration")]
    [TestCase("null", "JSON null")]
    public void MalformedConfigNamesWhere(string json, string fragment)
    {
        var error = Assert.Throws<InvalidDataException>(() => RunConfig.FromJson(json, "config.json"))!;
        Assert.That(error.Message, Does.Contain(fragment));
        Assert.That(error.Message, Does.Not.Contain("System.").And.Not.Contain("LineNumber"), "no .NET internals");
    }

    [Test]
    public void MetricsRoundTripAndPartialLinesAreNamed()
    {
        using var temp = new TempFolder();
        string path = temp.File("metrics.csv");
        var log = MetricsLog.Create(path, ["total", "bce"]);
        log.Write("step", 1, 1, [0.5, 0.25]);
        log.Write("train", 1, 1, [0.125, double.NaN]);
        var train = MetricsLog.Read(path, "train").Single();
        Assert.That((train.Epoch, train.Step, train.Values[0]), Is.EqualTo((1, 1L, 0.125)));
        Assert.That(train.Values[1], Is.NaN);
        Assert.That(MetricsLog.Read(path, "step"), Has.Count.EqualTo(1));

        File.AppendAllText(path, "step,1,2,0.4");                      // killed in the middle of a row
        var error = Assert.Throws<InvalidDataException>(() => MetricsLog.Read(path, "train"))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("line 4").And.Contain("4 cells but the header has 5"));
    }

    [TestCase("split,epoch,step,total\nstep,1,x,0.5\n", "line 2", "step 'x'")]
    [TestCase("split,epoch,step,total\nstep,1,1,zero\n", "line 2", "cell 4 ('zero')")]
    [TestCase("epoch,step,total\n", "line 1", "header")]
    [TestCase("", "line 1", "empty")]
    public void MalformedMetricsNameTheLine(string text, string line, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("metrics.csv");
        File.WriteAllText(path, text);
        var error = Assert.Throws<InvalidDataException>(() => MetricsLog.Read(path, "step"))!;
        Assert.That(error.Message, Does.Contain(line).And.Contain(problem));
    }
}
