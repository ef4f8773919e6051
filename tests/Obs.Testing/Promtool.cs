namespace Obs.Testing;

/// <summary>The real promtool (Debian's prometheus package), which the test script installs.</summary>
public static class Promtool
{
    public static string Path =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => System.IO.Path.Combine(d, "promtool")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("promtool is not on the PATH: install it with 'apt-get install -y prometheus' (./obs test does)");

    /// <summary>
    /// Runs <c>promtool check metrics</c> on an exposition and fails on any finding but those about node_exporter's
    /// own names, which must stay as they are for the mixins: promtool's lint calls the meminfo and netstat names
    /// (<c>node_memory_MemTotal_bytes</c>, <c>node_netstat_Tcp_RetransSegs</c>) camelCase and wants entropy in bytes.
    /// </summary>
    public static async Task AssertMetricsCleanAsync(string exposition)
    {
        var check = await ProcessRunner.RunAsync(Path, ["check", "metrics"], stdin: exposition);
        var findings = (check.StdOut + "\n" + check.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !IsAboutNodeExporterName(line))
            .ToList();
        Xunit.Assert.True(findings.Count == 0, $"promtool check metrics (exit {check.ExitCode}) found:\n{string.Join('\n', findings)}");
    }

    private static bool IsAboutNodeExporterName(string finding) =>
        ((finding.StartsWith("node_memory_", StringComparison.Ordinal) || finding.StartsWith("node_netstat_", StringComparison.Ordinal))
            && finding.EndsWith("metric names should be written in 'snake_case' not 'camelCase'", StringComparison.Ordinal))
        || (finding.StartsWith("node_entropy_", StringComparison.Ordinal) && finding.EndsWith("use base unit \"bytes\" instead of \"bits\"", StringComparison.Ordinal));
}
