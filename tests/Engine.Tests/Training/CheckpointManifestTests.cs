// The checkpoint pair checked whole (issue 27): a byte flipped in any 4 KiB page of either file, the manifest changed
// anywhere, or a file cut at any 4 KiB boundary is refused, naming the file at fault; a folder from before the manifest
// (the pair's SHA-256 only) still loads, and a new one whose manifest was deleted does not.
namespace Engine.Tests.Training;

using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;

[NonParallelizable]
public class CheckpointManifestTests
{
    private const int Page = 4096;

    // The 2-D toy's two small networks (about 9 pages of model, 18 of training state): every page is checked in seconds.
    private static readonly RunConfig Small = new() { Family = "cae-toy", Latent = 1, Epochs = 2, LearningRate = 1e-3f, Seed = 3 };

    private TempFolder _temp = null!;
    private string _trained = null!;

    [OneTimeSetUp]
    public void TrainSmall()
    {
        _temp = new TempFolder();
        _trained = _temp.File("trained");
        Assert.That(new RunDriver { Log = _ => { } }.Train(Small, _trained).Report, Is.Not.Null);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void TheManifestHoldsBothFilesSizesAndHashes()
    {
        var run = new RunFolder(_trained);
        var lines = File.ReadAllLines(Path.Combine(run.Checkpoint, CheckpointManifest.FileName));
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[1], Is.EqualTo($"model.safetensors {new FileInfo(run.Model).Length} {RunCheckpoint.Sha256(run.Model)}"));
        Assert.That(lines[2], Is.EqualTo($"training-state.safetensors {new FileInfo(run.TrainingState).Length} {RunCheckpoint.Sha256(run.TrainingState)}"));
        Assert.That(RunCheckpoint.Check(run, Small), Is.Not.Null, "the untouched checkpoint passes");
    }

    [TestCase(RunCheckpoint.ModelFile), TestCase(RunCheckpoint.StateFile)]
    public void AByteFlippedInAnyPageIsRefusedNamingTheFile(string file)
    {
        var run = Copy("flip-" + file);
        string path = Path.Combine(run.Checkpoint, file);
        long length = new FileInfo(path).Length;
        int pages = (int)((length + Page - 1) / Page);
        Assert.That(pages, Is.GreaterThan(1), "the test covers several pages");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            for (int page = 0; page < pages; page++)
            {
                long offset = page * (long)Page + (page * 977L) % Math.Min(Page, length - page * (long)Page);   // a different spot in each page
                stream.Position = offset;
                int original = stream.ReadByte();
                stream.Position = offset;
                stream.WriteByte((byte)(original ^ (1 << (page % 8))));        // flipped in place, then put back
                stream.Flush();
                AssertRefused(run, file, $"page {page}, byte {offset}");
                stream.Position = offset;
                stream.WriteByte((byte)original);
                stream.Flush();
            }
        }
        Assert.That(RunCheckpoint.Check(run, Small), Is.Not.Null, "restored, it passes again");
    }

    [TestCase(RunCheckpoint.ModelFile), TestCase(RunCheckpoint.StateFile)]
    public void AFileCutAtAny4KiBIsRefusedNamingTheFile(string file)
    {
        var run = Copy("cut-" + file);
        string path = Path.Combine(run.Checkpoint, file);
        long original = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            var tail = new byte[original];
            stream.ReadExactly(tail);
            foreach (long length in Enumerable.Range(0, (int)((original + Page - 1) / Page)).Select(p => p * (long)Page).Append(original - 1))
            {
                stream.SetLength(length);                                     // cut, checked, then grown back
                stream.Flush();
                AssertRefused(run, file, $"cut to {length} bytes");
                stream.Position = length;
                stream.Write(tail, (int)length, (int)(original - length));
                stream.Flush();
            }
        }
        Assert.That(RunCheckpoint.Check(run, Small), Is.Not.Null, "restored, it passes again");
    }

    [Test]
    public void AnyChangedByteOfTheManifestIsRefused()
    {
        var run = Copy("manifest");
        string path = Path.Combine(run.Checkpoint, CheckpointManifest.FileName);
        var original = File.ReadAllBytes(path);
        for (int offset = 0; offset < original.Length; offset++)
        {
            var bytes = (byte[])original.Clone();
            bytes[offset] ^= (byte)(1 << (offset % 8));
            File.WriteAllBytes(path, bytes);
            AssertRefused(run, CheckpointManifest.FileName, $"byte {offset}");
        }
        File.Delete(path);
        AssertRefused(run, CheckpointManifest.FileName, "deleted");
    }

    [Test]
    public void AFolderFromBeforeTheManifestStillLoads()
    {
        var run = Copy("old");
        File.Delete(Path.Combine(run.Checkpoint, CheckpointManifest.FileName));
        var state = SafetensorsFile.Read(run.TrainingState);                   // as the engine wrote it before: no manifest entry
        SafetensorsFile.Write(run.TrainingState, state.Tensors,
            state.Metadata.Where(m => m.Key != RunCheckpoint.ManifestKey).ToDictionary(m => m.Key, m => m.Value));
        Assert.That(RunCheckpoint.Check(run, Small), Is.Not.Null);
        var (code, output, error) = CliTests.Run("eval", run.Path);
        Assert.That(code, Is.Zero, output + error);
        File.Copy(new RunFolder(_trained).Model, run.Model, overwrite: true);
        var bytes = File.ReadAllBytes(run.Model);
        bytes[^5] ^= 1;                                                        // the pair's SHA-256 still guards the model
        File.WriteAllBytes(run.Model, bytes);
        Assert.That(() => RunCheckpoint.Check(run, Small), Throws.InstanceOf<InvalidDataException>().With.Message.Contain("is not one unit"));
    }

    [Test]
    public void ResumeEvalAndReportRefuseAFlippedTrainingStateInOneLine()
    {
        var run = Copy("cli");
        var bytes = File.ReadAllBytes(run.TrainingState);
        bytes[^3] ^= 0x10;                                                     // a data byte of an optimizer moment
        File.WriteAllBytes(run.TrainingState, bytes);
        foreach (var verb in new[] { "resume", "eval", "report" })
        {
            var (code, output, error) = CliTests.Run(verb, run.Path);
            Assert.That(code, Is.EqualTo(1), verb + ": " + output + error);
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Contain("training-state.safetensors is not the file that was saved"));
        }
    }

    private static void AssertRefused(RunFolder run, string file, string what)
    {
        try
        {
            RunCheckpoint.Check(run, Small);
        }
        catch (Exception e) when (e is InvalidDataException or SafetensorsFormatException)
        {
            Assert.That(e.Message, Does.Contain(file), what);
            return;
        }
        Assert.Fail($"{file}, {what}: the damaged checkpoint was accepted");
    }

    private RunFolder Copy(string name)
    {
        string target = _temp.File(name);
        RunFolderCliTests.Copy(_trained, target);
        return new RunFolder(target);
    }
}
