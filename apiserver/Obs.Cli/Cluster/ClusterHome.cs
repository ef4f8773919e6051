namespace Obs.Cli.Cluster;

/// <summary>Where a local cluster keeps its state: <c>$OBS_HOME</c>, by default <c>.obs/</c> in the checkout.</summary>
public sealed class ClusterHome(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Postgres => Path.Combine(Root, "postgres");
    public string Pki => Path.Combine(Root, "pki");
    public string TokenFile => Path.Combine(Root, "tokens.csv");
    public string Kubeconfig => Path.Combine(Root, "kubeconfig");
    public string Logs => Path.Combine(Root, "logs");
    public string Run => Path.Combine(Root, "run");

    public string PidFile(string component) => Path.Combine(Run, component + ".pid");
    public string LogFile(string component) => Path.Combine(Logs, component + ".log");

    public static ClusterHome FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("OBS_HOME") is { Length: > 0 } home ? home : Path.Combine(Directory.GetCurrentDirectory(), ".obs"));
}
