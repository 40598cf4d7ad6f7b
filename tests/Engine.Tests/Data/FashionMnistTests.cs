// Fashion-MNIST lookup order (--data, $ENGINE_DATA, repository data/, system folder), the bundled-sample split and limits.
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;
using NUnit.Framework;

namespace Engine.Tests.Data;

[NonParallelizable] // one test sets the ENGINE_DATA environment variable
public class FashionMnistTests
{
    private TempFolder _temp = null!;
    private string _explicit = null!, _environment = null!, _repository = null!, _system = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempFolder();
        _explicit = _temp.Folder("explicit");
        _environment = _temp.Folder("environment");
        _repository = _temp.Folder("repository");
        _system = _temp.Folder("system");
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void ExplicitFolderComesFirst()
    {
        foreach (string folder in new[] { _explicit, _environment, _repository, _system })
        {
            IdxFiles.WriteSet(folder, 20, 10);
        }
        Assert.That(FashionMnist.Locate(_explicit, _environment, _repository, _system).Directory, Is.EqualTo(_explicit));
        Assert.That(FashionMnist.Locate(null, _environment, _repository, _system).Directory, Is.EqualTo(_environment));
        Assert.That(FashionMnist.Locate("", "", _repository, _system).Directory, Is.EqualTo(_repository));
        Assert.That(FashionMnist.Locate(null, null, null, _system).Directory, Is.EqualTo(_system));
    }

    [Test]
    public void ExplicitFolderMissingFilesListsThem()
    {
        IdxFiles.WriteSet(_explicit, 20, 10, testOnly: true);
        IdxFiles.WriteSet(_system, 20, 10);
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(_explicit, null, null, _system))!;
        Assert.That(error.Message, Does.Contain("--data").And.Contain(_explicit)
            .And.Contain("train-images-idx3-ubyte(.gz)").And.Contain("train-labels-idx1-ubyte(.gz)")
            .And.Not.Contain("t10k-images"));
        var absent = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Locate(_temp.File("nope"), null, null, _system))!;
        Assert.That(absent.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void EnvironmentFolderMissingFilesIsAnError()
    {
        IdxFiles.WriteSet(_system, 20, 10);
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(null, _environment, null, _system))!;
        Assert.That(error.Message, Does.Contain("$ENGINE_DATA").And.Contain("t10k-labels-idx1-ubyte(.gz)"));
    }

    [Test]
    public void FullSystemSetWinsOverTheRepositorySample()
    {
        IdxFiles.WriteSet(_repository, 0, 10, testOnly: true);
        IdxFiles.WriteSet(_system, 20, 10, gzip: false);
        var location = FashionMnist.Locate(null, null, _repository, _system);
        Assert.That((location.Directory, location.SampleOnly), Is.EqualTo((_system, false)));

        var splits = FashionMnist.Load(location, log: null, limit: null);
        Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((20, 10)));
        Assert.That(splits.Source, Does.Contain(_system));
    }

    [Test]
    public void SampleOnlyIsSplitEightyTwentyAndLoggedOnce()
    {
        IdxFiles.WriteSet(_repository, 0, 10, testOnly: true);
        var location = FashionMnist.Locate(null, null, _repository, _system);
        Assert.That(location.SampleOnly, Is.True);

        var log = new List<string>();
        var splits = FashionMnist.Load(location, log.Add, limit: null);
        Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((8, 2)));
        Assert.That(splits.Train.Labels, Is.EqualTo(Enumerable.Range(0, 8).ToArray()));
        Assert.That(splits.Test.Labels, Is.EqualTo(new[] { 8, 9 }));
        Assert.That(log, Has.Count.EqualTo(1));
        Assert.That(log[0], Does.Contain("apt-get install dataset-fashion-mnist").And.Contain("--data DIR").And.Contain("ENGINE_DATA"));
    }

    [Test]
    public void TheTestSplitAloneIsTheOneLoadGives()
    {
        IdxFiles.WriteSet(_repository, 0, 10, testOnly: true);                  // the bundled sample: its last 20 % are the test set
        var sample = FashionMnist.Locate(null, null, _repository, _system, testOnly: true);
        var log = new List<string>();
        var test = FashionMnist.LoadTest(sample, log.Add);
        Assert.That(test.Test.Labels, Is.EqualTo(FashionMnist.Load(sample, null, null).Test.Labels).And.EqualTo(new[] { 8, 9 }));
        Assert.That(test.Source, Does.Contain("test split only"));
        Assert.That(log, Has.Count.EqualTo(1));

        IdxFiles.WriteSet(_explicit, 20, 10, testOnly: true);                   // --data needs only the t10k files for it
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(_explicit, null, null, null))!;
        Assert.That(error.Message, Does.Contain("train-images-idx3-ubyte"));
        var full = FashionMnist.LoadTest(FashionMnist.Locate(_explicit, null, null, null, testOnly: true), log.Add);
        Assert.That(full.Test.Count, Is.EqualTo(10), "a full set's test split is all of t10k");
    }

    [Test]
    public void NothingFoundSaysHowToGetTheData()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(null, null, _repository, _system))!;
        Assert.That(error.Message, Does.Contain("apt-get install dataset-fashion-mnist").And.Contain(_system));
    }

    [Test]
    public void ImageAndLabelCountsMustAgree()
    {
        IdxFiles.WriteSet(_explicit, 20, 10);
        File.WriteAllBytes(Path.Combine(_explicit, "t10k-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Labels(9)));
        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_explicit))!;
        Assert.That(error.Message, Does.Contain("10 images").And.Contain("9 labels"));
    }

    [Test]
    public void EnvironmentVariableIsHonouredAndLimitCapsTraining()
    {
        IdxFiles.WriteSet(_environment, 20, 10);
        string? saved = Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, _environment);
            var splits = FashionMnist.Load(limit: 5);
            Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((5, 10)));
            Assert.That(splits.Source, Does.Contain(_environment).And.Contain("$ENGINE_DATA").And.Contain("limited to 5"));
            Assert.That((splits.Train.Height, splits.Train.Width), Is.EqualTo((4, 4)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, saved);
        }
    }

    [Test]
    public void BundledSampleLoadsAsEightThousandAndTwoThousand()
    {
        var location = new FashionMnist.Location(IdxReaderTests.BundledSample(), SampleOnly: true, "repository data/");
        var log = new List<string>();
        var splits = FashionMnist.Load(location, log.Add, limit: null);
        Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((8000, 2000)));
        Assert.That((splits.Train.Height, splits.Train.Width), Is.EqualTo((28, 28)));
        Assert.That(splits.Train.ClassNames[9], Is.EqualTo("Ankle boot"));
        Assert.That(log, Has.Count.EqualTo(1));
    }

    [Test]
    public void TestsSeeOnlyTheBundledSample()
    {
        // PinnedDataSource clears $ENGINE_DATA and hides the system dataset, whatever this machine has installed.
        Assert.That(Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable), Is.Null.Or.Empty);
        Assert.That(FashionMnist.SystemDirectoryInUse(), Is.Null);
        var log = new List<string>();
        var splits = FashionMnist.Load(log: log.Add, limit: 512);
        Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((512, 2000)));
        Assert.That(splits.Source, Does.Contain("bundled sample"));
        Assert.That(log, Has.Count.EqualTo(1));
    }

    [Test]
    public void HiddenSystemFolderIsSkippedAndNamedInTheError()
    {
        IdxFiles.WriteSet(_system, 20, 10);
        Assert.That(FashionMnist.Locate(null, null, null, _system).Directory, Is.EqualTo(_system));
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(null, null, null, systemDirectory: null))!;
        Assert.That(error.Message, Does.Contain(FashionMnist.SystemDirectory + " (hidden by $ENGINE_NO_SYSTEM_DATA=1)"));
        string? saved = Environment.GetEnvironmentVariable(FashionMnist.HideSystemVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.HideSystemVariable, null);
            Assert.That(FashionMnist.SystemDirectoryInUse(), Is.EqualTo(FashionMnist.SystemDirectory));
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.HideSystemVariable, saved);
        }
    }

    [Test]
    public void DatasetSliceAndValidation()
    {
        var data = new Dataset(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), [0, 1, 2], 2, 2, FashionMnist.ClassNames);
        var slice = data.Slice(1, 2);
        Assert.That(slice.Labels, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(slice.Images, Is.EqualTo(new float[] { 4, 5, 6, 7, 8, 9, 10, 11 }));
        Assert.That(() => data.Slice(2, 2), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("3 items"));
        Assert.That(() => new Dataset(new float[11], [0, 1, 2], 2, 2, FashionMnist.ClassNames),
            Throws.ArgumentException.With.Message.Contains("12 pixels"));
        Assert.That(() => new Dataset(new float[4], [10], 2, 2, FashionMnist.ClassNames),
            Throws.ArgumentException.With.Message.Contains("Label 10"));
    }
}
