namespace Obs.Testing;

/// <summary>The real promtool (Debian's prometheus package), which the test script installs.</summary>
public static class Promtool
{
    public static string Path =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => System.IO.Path.Combine(d, "promtool")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("promtool is not on the PATH: install it with 'apt-get install -y prometheus' (./obs test does)");

    /// <summary>
    /// Runs <c>promtool check metrics</c> on an exposition and fails on any finding but one:
    /// promtool's lint calls node_exporter's own meminfo names (<c>node_memory_MemTotal_bytes</c>)
    /// camelCase, and they must stay as they are for the mixins.
    /// </summary>
    public static async Task AssertMetricsCleanAsync(string exposition)
    {
        var check = await ProcessRunner.RunAsync(Path, ["check", "metrics"], stdin: exposition);
        var findings = (check.StdOut + "\n" + check.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !(line.StartsWith("node_memory_", StringComparison.Ordinal)
                && line.EndsWith("metric names should be written in 'snake_case' not 'camelCase'", StringComparison.Ordinal)))
            .ToList();
        Xunit.Assert.True(findings.Count == 0, $"promtool check metrics (exit {check.ExitCode}) found:\n{string.Join('\n', findings)}");
    }
}
