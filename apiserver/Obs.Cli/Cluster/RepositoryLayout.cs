namespace Obs.Cli.Cluster;

/// <summary>
/// Where the checkout is, found from the running binary (which is built inside it): `obs up` reads
/// the alert rules from it, tests its example files.
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

    /// <summary>The Prometheus rule files of <c>alerts/rules</c>.</summary>
    public static string AlertRulesGlob => Path.Combine(Root, "alerts", "rules", "*.rules.yml");
}
