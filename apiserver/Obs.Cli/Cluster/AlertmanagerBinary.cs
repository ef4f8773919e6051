using System.Diagnostics;

namespace Obs.Cli.Cluster;

/// <summary>
/// Debian's Alertmanager (<c>prometheus-alertmanager</c>, which also ships <c>amtool</c>). Installed
/// with apt-get when missing and we are root, as the <c>obs</c> script does for PostgreSQL; otherwise
/// the error says the command to run. The package's own service is left alone: Obs runs its own instance.
/// </summary>
public static class AlertmanagerBinary
{
    public const string Package = "prometheus-alertmanager";

    public static string? Find() => Locate("prometheus-alertmanager") ?? Locate("alertmanager");

    public static string? FindAmtool() => Locate("amtool");

    public static async Task<string> EnsureAsync(TextWriter log, CancellationToken cancellationToken)
    {
        if (Find() is { } found) return found;
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"{Package} is missing; install it with: sudo apt-get install -y {Package}");
        log.WriteLine($"obs: installing {Package}");
        if (await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", Package], cancellationToken) != 0)
        {
            await AptGetAsync(["update", "-qq"], cancellationToken);
            if (await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", Package], cancellationToken) != 0)
                throw new InvalidOperationException($"apt-get install {Package} failed; install it by hand: apt-get install -y {Package}");
        }
        return Find() ?? throw new InvalidOperationException($"{Package} is installed but no alertmanager binary is on the PATH");
    }

    private static string? Locate(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static async Task<int> AptGetAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("apt-get", args) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
