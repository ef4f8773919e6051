using System.Diagnostics;

namespace Obs.Cli.Cluster;

/// <summary>
/// A program from a Debian package (Prometheus, Alertmanager): found on the PATH, or installed
/// with apt-get when missing and we are root, as the <c>obs</c> script does for PostgreSQL;
/// otherwise the error says the command to run. The package's own service is left alone: Obs
/// runs its own instances.
/// </summary>
public static class DebianPackage
{
    public static string? Locate(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The program <paramref name="find"/> locates, installing <paramref name="package"/> first when it finds none.</summary>
    public static async Task<string> EnsureAsync(string package, Func<string?> find, TextWriter log, CancellationToken cancellationToken)
    {
        if (find() is { } found) return found;
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"{package} is missing; install it with: sudo apt-get install -y {package}");
        log.WriteLine($"obs: installing {package}");
        if (await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", package], cancellationToken) != 0)
        {
            await AptGetAsync(["update", "-qq"], cancellationToken);
            if (await AptGetAsync(["install", "-y", "-qq", "--no-install-recommends", package], cancellationToken) != 0)
                throw new InvalidOperationException($"apt-get install {package} failed; install it by hand: apt-get install -y {package}");
        }
        return find() ?? throw new InvalidOperationException($"{package} is installed but its program is not on the PATH");
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
