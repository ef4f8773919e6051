using System.Diagnostics;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// The <c>process_*</c> families every Prometheus client library exports about its own process (CPU
/// seconds, resident and virtual memory, start time, open and maximum file descriptors), which the
/// usual dashboards and the Kubernetes mixin read for each component (for example
/// <c>process_resident_memory_bytes{job="apiserver"}</c>). Read from /proc at scrape time.
/// </summary>
public sealed class ProcessCollector(string procRoot = "/proc") : IMetricsCollector
{
    private readonly double _startTime = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    private double? _maxFds;

    public void Collect(MetricsWriter writer)
    {
        using var self = Process.GetCurrentProcess();
        writer.WriteHeader("process_cpu_seconds_total", MetricFamilyType.Counter, "Total user and system CPU time spent in seconds.");
        writer.WriteSample("process_cpu_seconds_total", self.TotalProcessorTime.TotalSeconds);
        writer.WriteHeader("process_resident_memory_bytes", MetricFamilyType.Gauge, "Resident memory size in bytes.");
        writer.WriteSample("process_resident_memory_bytes", self.WorkingSet64);
        writer.WriteHeader("process_virtual_memory_bytes", MetricFamilyType.Gauge, "Virtual memory size in bytes.");
        writer.WriteSample("process_virtual_memory_bytes", self.VirtualMemorySize64);
        writer.WriteHeader("process_start_time_seconds", MetricFamilyType.Gauge, "Start time of the process since unix epoch in seconds.");
        writer.WriteSample("process_start_time_seconds", _startTime);
        if (OpenFds() is { } open)
        {
            writer.WriteHeader("process_open_fds", MetricFamilyType.Gauge, "Number of open file descriptors.");
            writer.WriteSample("process_open_fds", open);
        }
        if ((_maxFds ??= MaxFds()) is { } max and > 0)
        {
            writer.WriteHeader("process_max_fds", MetricFamilyType.Gauge, "Maximum number of open file descriptors.");
            writer.WriteSample("process_max_fds", max);
        }
    }

    private long? OpenFds()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(procRoot, "self", "fd")).LongCount();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of "Max open files" in /proc/self/limits; 0 when unreadable or unlimited.</summary>
    private double MaxFds()
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(procRoot, "self", "limits")))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && double.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var soft) ? soft : 0;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
