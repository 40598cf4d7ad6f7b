// The test assembly as a program of its own: `Engine.Tests [namespace|class|test] NAME ...` runs the chosen tests with
// NUnit's framework runner, no test host, and prints the summary `dotnet test` prints. Used where no .NET SDK can run:
// a linux-arm64 self-contained publish under qemu-aarch64-static (.ci/run's arm64 stage). `dotnet test` never calls it.
namespace Engine.Tests.Testing;

using System.Security;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

public static class SelfRunner
{
    /// <summary>Runs the tests each pair of arguments names ("namespace X", "class X", "test FULLNAME"); exit 0 when none failed.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args.Length % 2 != 0 || args.Where((_, i) => i % 2 == 0).Any(kind => kind is not ("namespace" or "class" or "test")))
        {
            Console.Error.WriteLine("usage: Engine.Tests (namespace NAME | class NAME | test FULLNAME) ...   e.g. Engine.Tests namespace Engine.Tests.FastCpu");
            return 2;
        }
        var terms = Enumerable.Range(0, args.Length / 2).Select(i => $"<{args[2 * i]}>{SecurityElement.Escape(args[2 * i + 1])}</{args[2 * i]}>");
        var filter = TestFilter.FromXml($"<filter><or>{string.Concat(terms)}</or></filter>");

        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(typeof(SelfRunner).Assembly, new Dictionary<string, object>());
        var listener = new Listener();
        runner.Run(listener, filter);

        Console.WriteLine($"Total tests: {listener.Passed + listener.Failed + listener.Skipped}");
        Console.WriteLine($"     Passed: {listener.Passed}");
        Console.WriteLine($"     Failed: {listener.Failed}");
        Console.WriteLine($"    Skipped: {listener.Skipped}");
        return listener.Failed == 0 ? 0 : 1;
    }

    /// <summary>One line per finished test case (as `dotnet test` with normal verbosity), the failures with their message.</summary>
    private sealed class Listener : ITestListener
    {
        public int Passed, Failed, Skipped;

        public void TestStarted(ITest test) { }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite)
            {
                if (result.ResultState.Site is FailureSite.SetUp or FailureSite.TearDown && result.ResultState.Status == TestStatus.Failed)
                {
                    Failed++;
                    Console.WriteLine($"  Failed {result.FullName} (fixture {result.ResultState.Site}): {result.Message}");
                }
                return;
            }
            string seconds = result.Duration.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
            switch (result.ResultState.Status)
            {
                case TestStatus.Passed:
                    Passed++;
                    Console.WriteLine($"  Passed {result.FullName} [{seconds} s]");
                    break;
                case TestStatus.Failed:
                    Failed++;
                    Console.WriteLine($"  Failed {result.FullName} [{seconds} s]{Environment.NewLine}{result.Message}{Environment.NewLine}{result.StackTrace}");
                    break;
                default:
                    Skipped++;
                    Console.WriteLine($"  Skipped {result.FullName}: {result.Message}");
                    break;
            }
        }

        public void TestOutput(TestOutput output) { }

        public void SendMessage(TestMessage message) { }
    }
}
