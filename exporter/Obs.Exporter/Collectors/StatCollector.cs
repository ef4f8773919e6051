using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The system-wide lines of /proc/stat: <c>node_boot_time_seconds</c>, <c>node_context_switches_total</c>,
/// <c>node_forks_total</c>, <c>node_intr_total</c>, <c>node_procs_running</c>, <c>node_procs_blocked</c>.
/// </summary>
public sealed class StatCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile file = new(paths.ProcFile("stat"), 16 * 1024, FileEnd.ShortSeqFileRead);

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public static void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        ulong interrupts = 0, switches = 0, bootTime = 0, forks = 0, running = 0, blocked = 0;
        while (ProcText.NextLine(ref text, out var line))
        {
            var key = ProcText.NextField(ref line);
            if (key.SequenceEqual("intr"u8))
            {
                // The first number is the total; the per-IRQ counts after it are the interrupts collector's.
                interrupts = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
            else if (key.SequenceEqual("ctxt"u8))
            {
                switches = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
            else if (key.SequenceEqual("btime"u8))
            {
                bootTime = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
            else if (key.SequenceEqual("processes"u8))
            {
                forks = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
            else if (key.SequenceEqual("procs_running"u8))
            {
                running = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
            else if (key.SequenceEqual("procs_blocked"u8))
            {
                blocked = ProcText.ParseUInt64(ProcText.NextField(ref line));
            }
        }

        writer.WriteHeader("node_intr_total", MetricFamilyType.Counter, "Total number of interrupts serviced.");
        writer.WriteSample("node_intr_total", (double)interrupts);
        writer.WriteHeader("node_context_switches_total", MetricFamilyType.Counter, "Total number of context switches.");
        writer.WriteSample("node_context_switches_total", (double)switches);
        writer.WriteHeader("node_forks_total", MetricFamilyType.Counter, "Total number of forks.");
        writer.WriteSample("node_forks_total", (double)forks);
        writer.WriteHeader("node_boot_time_seconds", MetricFamilyType.Gauge, "Node boot time, in unixtime.");
        writer.WriteSample("node_boot_time_seconds", (double)bootTime);
        writer.WriteHeader("node_procs_running", MetricFamilyType.Gauge, "Number of processes in runnable state.");
        writer.WriteSample("node_procs_running", (double)running);
        writer.WriteHeader("node_procs_blocked", MetricFamilyType.Gauge, "Number of processes blocked waiting for I/O to complete.");
        writer.WriteSample("node_procs_blocked", (double)blocked);
    }
}
