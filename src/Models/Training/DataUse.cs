// Which data a run used, in one line for the console and the report's "data used" row: the dataset, how many training and
// test items, and where they came from (the folder, how it was found, full set or bundled sample, any --limit).
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Nn.Data;

public static class DataUse
{
    /// <summary>"fashion, 512 training and 10,000 test images, from /usr/share/datasets/fashion-mnist (system dataset, full set), ..."</summary>
    public static string Describe(DatasetSplits data) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{data.Name}, {data.Train.Count:N0} training and {data.Test.Count:N0} test {Unit(data.Train)}, from {data.Source}");

    /// <summary>What one item is called: "images" for (C, H, W) items, "points" for the toy's 2-D points.</summary>
    public static string Unit(Dataset data) => data.ItemShape.Count == 3 ? "images" : "points";
}
