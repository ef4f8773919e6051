using System.Diagnostics;

namespace Obs.Exporter.Tests.Telemetry;

/// <summary>Runs the real <c>promtool</c> from PATH; a missing promtool fails the test, it never skips it.</summary>
internal static class PromtoolProcess
{
    public static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail("promtool is not on PATH. It comes with Debian's prometheus package: apt-get install -y prometheus");
        return "";
    }

    /// <summary>Pipes <paramref name="exposition"/> into <c>promtool check metrics</c>; returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) CheckMetrics(string exposition)
    {
        var start = new ProcessStartInfo(Locate(), ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(exposition);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("promtool check metrics did not finish within 60 s.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
