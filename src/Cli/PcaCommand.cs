// `engine pca`: the PCA baseline, kept as a verb for the scripts that call it: it is `engine train pca` under its own name
// (TrainCommand.Alias), so its options, --help, checks, run folder and report are the pca family's, from its registry row
// and its options table (src/Models/Families/Pca/), and `resume`, `eval` and `report` read the folder it writes.
namespace Engine.Cli;

using System.CommandLine;

public static class PcaCommand
{
    public static Command Create() => TrainCommand.Alias("pca");
}
