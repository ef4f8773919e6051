namespace Obs.Cli.Cluster;

/// <summary>
/// Where the checkout is, found from the running binary (which is built inside it): `obs up` reads
/// the alert rules from it and runs the native node agent built there, tests its example files.
/// </summary>
public static class RepositoryLayout
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Obs.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException($"no checkout (a directory with Obs.sln) above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>
    /// The natively compiled node agent <c>obs up</c> runs (<c>nodeagent/Obs.Agent</c>), which a Release build of this
    /// CLI publishes (NativeAgent.targets).
    /// </summary>
    public static string NativeAgent => Path.Combine(Root, "nodeagent", "Obs.Agent", "bin", "Release", "publish", "obs-agent");

    /// <summary>The Prometheus rule files of <c>alerts/rules</c>.</summary>
    public static string AlertRulesGlob => Path.Combine(Root, "alerts", "rules", "*.rules.yml");
}
