// The `engine` command line: verbs are added as their features land.
namespace Engine.Cli;

public static class EngineCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("engine: no verbs yet.");
        return 2;
    }
}
