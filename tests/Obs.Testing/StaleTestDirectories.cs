using System.Globalization;

namespace Obs.Testing;

/// <summary>
/// The temporary directories of earlier test processes that ended without cleaning up (a killed run,
/// or the runner ending its host): each process's PKI (<c>{temp}/obs-test-pki-{pid}</c>, kept for the
/// whole process) and each <see cref="TestCluster"/>'s directory (<c>{temp}/obs-test-{pid}-{id}</c>).
/// One whose process no longer runs is removed, so a machine that runs the suite every day does not
/// collect hundreds of them; a live process's directories are never touched.
/// </summary>
public static class StaleTestDirectories
{
    public const string PkiPrefix = "obs-test-pki-";
    public const string ClusterPrefix = "obs-test-";

    /// <summary>Removes the stale directories under <paramref name="parent"/>; returns those it removed.</summary>
    public static IReadOnlyList<string> Sweep(string parent)
    {
        var removed = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(parent, ClusterPrefix + "*"))
        {
            if (OwnerPid(Path.GetFileName(directory)) is not { } pid) continue;
            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                Directory.Delete(directory, recursive: true);
                removed.Add(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another test process may be sweeping the same one; what is left is tried again next time.
            }
        }
        return removed;
    }

    /// <summary>The process a directory name belongs to, or null for a name of another shape (the PostgreSQL servers' own are swept by <see cref="StaleTestServers"/>).</summary>
    public static int? OwnerPid(string name)
    {
        string digits;
        if (name.StartsWith(PkiPrefix, StringComparison.Ordinal)) digits = name[PkiPrefix.Length..];
        else if (name.StartsWith(StaleTestServers.Prefix, StringComparison.Ordinal)) return null;
        else if (name.StartsWith(ClusterPrefix, StringComparison.Ordinal))
        {
            var rest = name[ClusterPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !Guid.TryParseExact(rest[(dash + 1)..], "N", out _)) return null;
            digits = rest[..dash];
        }
        else return null;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
