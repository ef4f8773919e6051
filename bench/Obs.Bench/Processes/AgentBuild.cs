using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// The node agent the benchmarks start: the natively compiled <c>obs-agent</c> that <c>./obs up</c> runs (published by
/// the CLI's Release build), or what OBS_BENCH_AGENT names: the path of another <c>obs-agent</c>, or <c>jit</c> for
/// <c>obs agent</c> of the obs.dll under test (<see cref="ObsBuild"/>), for a back-to-back comparison.
/// </summary>
internal static class AgentBuild
{
    private static string? Choice => Environment.GetEnvironmentVariable("OBS_BENCH_AGENT") is { Length: > 0 } choice ? choice : null;

    /// <summary>The executable and the arguments before the agent's own options.</summary>
    public static (string Executable, string[] Prefix) Command => Choice switch
    {
        "jit" => (Environment.ProcessPath ?? "dotnet", [ObsBuild.Dll, "agent"]),
        { } path => (Path.GetFullPath(path), []),
        null => File.Exists(RepositoryLayout.NativeAgent) ? (RepositoryLayout.NativeAgent, [])
            : throw new InvalidOperationException($"the native node agent is not built ({RepositoryLayout.NativeAgent}): ./obs bench builds it"),
    };

    /// <summary>Which agent ran, for the report.</summary>
    public static string Description => Choice == "jit"
        ? $"`obs agent` (JIT with ReadyToRun code, {ObsBuild.Dll})"
        : $"the natively compiled obs-agent (NativeAOT, {Command.Executable})";
}
