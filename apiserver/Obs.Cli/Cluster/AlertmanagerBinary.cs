namespace Obs.Cli.Cluster;

/// <summary>Debian's Alertmanager (<c>prometheus-alertmanager</c>, which also ships <c>amtool</c>).</summary>
public static class AlertmanagerBinary
{
    public const string Package = "prometheus-alertmanager";

    public static string? Find() => DebianPackage.Locate("prometheus-alertmanager") ?? DebianPackage.Locate("alertmanager");

    public static string? FindAmtool() => DebianPackage.Locate("amtool");

    public static Task<string> EnsureAsync(TextWriter log, CancellationToken cancellationToken) => DebianPackage.EnsureAsync(Package, Find, log, cancellationToken);
}
