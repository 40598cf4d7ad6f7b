// The explorer's web host lifetime: none of ASP.NET Core's console handling (its ConsoleLifetime takes SIGINT and SIGTERM
// and stops the server without ending the process). `engine explore` handles the signals itself, and a test that starts a
// server in its own process keeps the test runner's.
namespace Engine.Cli.Explore;

using Microsoft.Extensions.Hosting;

internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
