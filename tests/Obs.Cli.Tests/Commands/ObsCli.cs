using Obs.Testing;

namespace Obs.Cli.Tests.Commands;

/// <summary>Runs the built <c>obs</c> as a user would, to see what a command prints and returns when it refuses to start.</summary>
internal static class ObsCli
{
    public static Task<CommandResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location, .. args], environment);

    /// <summary>The lines of standard error, without blank ones.</summary>
    public static string[] ErrorLines(this CommandResult result) => result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
