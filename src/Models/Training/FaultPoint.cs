// Named points in the run-folder code where a test can have the process kill itself with SIGKILL, to prove that a kill
// at exactly that point (between two checkpoint files, between two renames) loses nothing, or pause until a line comes
// on standard input, so a signal arrives while the run is surely still training. Inert unless ENGINE_TEST_KILL_AT or
// ENGINE_TEST_PAUSE_AT is set to "<point>:<n>" (the n-th time the point is reached, counting from 1).
namespace Engine.Models.Training;

using System.Diagnostics;

public static class FaultPoint
{
    public const string Variable = "ENGINE_TEST_KILL_AT";
    public const string PauseVariable = "ENGINE_TEST_PAUSE_AT";

    /// <summary>The line a paused process writes to standard output before it waits for a line on standard input.</summary>
    public const string Paused = "paused at ";

    /// <summary>The points, in the order a checkpoint passes them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["step-logged", "checkpoint-model-written", "checkpoint-state-written", "checkpoint-manifest-written", "checkpoint-old-moved",
         "checkpoint-new-moved"];

    private static readonly Lazy<(string Name, int Count)?> s_kill = new(() => Parse(Variable));
    private static readonly Lazy<(string Name, int Count)?> s_pause = new(() => Parse(PauseVariable));
    private static readonly Dictionary<string, int> s_reached = [];

    public static void Reach(string name)
    {
        if (s_kill.Value is null && s_pause.Value is null) return;
        int reached = s_reached[name] = s_reached.GetValueOrDefault(name) + 1;
        if (s_pause.Value == (name, reached))
        {
            Console.Out.WriteLine(Paused + name);
            Console.Out.Flush();
            Console.In.ReadLine();
        }
        if (s_kill.Value == (name, reached))
        {
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();                   // SIGKILL on Unix: no handler, no finally block runs
        }
    }

    private static (string, int)? Parse(string variable)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value)) return null;
        int colon = value.LastIndexOf(':');
        if (colon < 0 || !Names.Contains(value[..colon]) || !int.TryParse(value[(colon + 1)..], out int count) || count < 1)
        {
            throw new ArgumentException($"{variable}='{value}' is not <point>:<n> with a point among {string.Join(", ", Names)}.");
        }
        return (value[..colon], count);
    }
}
