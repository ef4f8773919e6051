using System.Diagnostics;
using System.Globalization;
using Obs.Exporter.Containers;
using Obs.Exporter.Tests.Exposition;
using Xunit.Abstractions;

namespace Obs.Exporter.Tests.Containers;

/// <summary>A busy loop in a real cgroup limited to 20 % of a CPU, read back through the collector.</summary>
public sealed class RealCgroupTests(ITestOutputHelper output)
{
    [Fact]
    public void BusyLoopUnderQuotaUsesCpuAndIsThrottled()
    {
        using var cgroup = TestCgroup.TryCreate("obs-exporter-test-" + Guid.NewGuid().ToString("N")[..12], 20_000, 100_000, out var whyNot);
        if (cgroup is null)
        {
            // xunit 2 cannot skip at run time; say so plainly instead of passing silently.
            output.WriteLine("SKIPPED: " + whyNot);
            return;
        }

        using var loop = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!;
        try
        {
            cgroup.Add(loop.Id);
            using var collector = new ContainerCollector();
            collector.Update([new RunningContainer("test", "busy", "loop", "sh", "/busy", cgroup.Paths, DateTimeOffset.UtcNow)]);

            Thread.Sleep(300);
            var first = Rendered.Text(collector.Collect);
            var started = Stopwatch.GetTimestamp();
            Thread.Sleep(1500);
            var second = Rendered.Text(collector.Collect);
            var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var usage = Value(second, "container_cpu_usage_seconds_total") - Value(first, "container_cpu_usage_seconds_total");
            Assert.True(usage > 0, $"CPU usage did not rise:\n{first}\n{second}");
            // The quota caps the loop at 0.2 s of CPU per second; allow for period edges, never a whole CPU.
            Assert.True(usage / wall < 0.3, $"{usage} s of CPU in {wall} s is more than the 20 % quota allows.");
            Assert.True(Value(second, "container_cpu_cfs_periods_total") > Value(first, "container_cpu_cfs_periods_total"));
            Assert.True(Value(second, "container_cpu_cfs_throttled_periods_total") > Value(first, "container_cpu_cfs_throttled_periods_total"),
                $"Throttled periods did not grow:\n{first}\n{second}");
            Assert.True(Value(second, "container_cpu_cfs_throttled_seconds_total") > Value(first, "container_cpu_cfs_throttled_seconds_total"));
            Assert.Equal(20000, Value(second, "container_spec_cpu_quota"));
            Assert.Equal(100000, Value(second, "container_spec_cpu_period"));
            Assert.Equal(1, Value(second, "container_processes"));
        }
        finally
        {
            loop.Kill();
            loop.WaitForExit();
        }
    }

    [Fact]
    public void MemoryHogOverItsLimitCountsAnOomEvent()
    {
        using var cgroup = TestCgroup.TryCreate("obs-exporter-test-" + Guid.NewGuid().ToString("N")[..12], 100_000, 100_000, out var whyNot,
            memoryLimitBytes: 32 * 1024 * 1024);
        if (cgroup is null)
        {
            output.WriteLine("SKIPPED: " + whyNot);
            return;
        }

        // The hog waits for its cgroup (a line on stdin) before touching 200 MiB.
        using var hog = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; sys.stdin.readline(); b = bytearray(200 * 1024 * 1024); print('survived')"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            cgroup.Add(hog.Id);
            using var collector = new ContainerCollector();
            collector.Update([new RunningContainer("test", "hog", "hog", "python3", "/hog", cgroup.Paths, DateTimeOffset.UtcNow)]);
            Assert.Equal(0, Value(Rendered.Text(collector.Collect), "container_oom_events_total"));

            hog.StandardInput.WriteLine("go");
            hog.StandardInput.Flush();
            Assert.True(hog.WaitForExit(TimeSpan.FromSeconds(60)), "The hog was neither killed nor finished.");
            Assert.Equal("", hog.StandardOutput.ReadToEnd());

            var text = Rendered.Text(collector.Collect);
            Assert.Equal(1, Value(text, "container_oom_events_total"));
            Assert.Equal(32 * 1024 * 1024, Value(text, "container_spec_memory_limit_bytes"));
        }
        finally
        {
            if (!hog.HasExited)
            {
                hog.Kill();
                hog.WaitForExit();
            }
        }
    }

    private static double Value(string exposition, string family)
    {
        var prefix = family + "{";
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        throw new Xunit.Sdk.XunitException($"No {family} sample in:\n{exposition}");
    }
}
