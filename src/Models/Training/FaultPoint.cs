// Named points in the run-folder code where a test can have the process kill itself with SIGKILL, to prove that a kill
// at exactly that point (between two checkpoint files, between two renames) loses nothing. Inert unless the variable
// ENGINE_TEST_KILL_AT is set to "<point>:<n>" (die the n-th time the point is reached, counting from 1).
namespace Engine.Models.Training;

using System.Diagnostics;

public static class FaultPoint
{
    public const string Variable = "ENGINE_TEST_KILL_AT";

    /// <summary>The points, in the order a checkpoint passes them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["step-logged", "checkpoint-model-written", "checkpoint-state-written", "checkpoint-manifest-written", "checkpoint-old-moved",
         "checkpoint-new-moved"];

    private static readonly Lazy<(string Name, int Count)?> s_target = new(() => Parse(Environment.GetEnvironmentVariable(Variable)));
    private static int s_reached;

    public static void Reach(string name)
    {
        if (s_target.Value is not { } target || target.Name != name || ++s_reached != target.Count) return;
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();                       // SIGKILL on Unix: no handler, no finally block runs
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        int colon = value.LastIndexOf(':');
        if (colon < 0 || !Names.Contains(value[..colon]) || !int.TryParse(value[(colon + 1)..], out int count) || count < 1)
        {
            throw new ArgumentException($"{Variable}='{value}' is not <point>:<n> with a point among {string.Join(", ", Names)}.");
        }
        return (value[..colon], count);
    }
}
