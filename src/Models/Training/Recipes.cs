// The two recipes a run can follow: "engine" (this engine's defaults, the better ones where measured) and "notebook" (the
// course notebook's code line for line, for the experiments the notebook has code for). Each family reads RunConfig.Recipe.
namespace Engine.Models.Training;

public static class Recipes
{
    /// <summary>This engine's recipe: its defaults, each difference from the notebook listed in the README's recipe table.</summary>
    public const string Engine = "engine";

    /// <summary>The course notebook's code exactly: its data (MNIST digits), losses and reductions, optimizers, epochs, modes.</summary>
    public const string Notebook = "notebook";

    public static IReadOnlyList<string> Names { get; } = [Engine, Notebook];
}
