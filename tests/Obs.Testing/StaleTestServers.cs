using System.Globalization;
using Obs.ApiServer.Storage;

namespace Obs.Testing;

/// <summary>
/// The private PostgreSQL servers of earlier test processes that ended without their exit handler
/// (the test runner may end its host without one): each lives in <c>{temp}/obs-test-pg-{pid}</c>,
/// and one whose process no longer runs is stopped and removed, so a developer machine does not
/// collect a server per killed test run. Only those directories are touched, and only when their
/// process is gone.
/// </summary>
public static class StaleTestServers
{
    public const string Prefix = "obs-test-pg-";

    /// <summary>Stops and removes the stale servers under <paramref name="parent"/>; returns the directories it removed.</summary>
    public static async Task<IReadOnlyList<string>> SweepAsync(string parent)
    {
        var removed = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                await new EmbeddedPostgres(directory).StopAsync();
                Directory.Delete(directory, recursive: true);
                removed.Add(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another test process may be sweeping the same one; what is left is tried again next time.
            }
        }
        return removed;
    }
}
