using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_cpu_seconds_total{cpu,mode}</c> and <c>node_cpu_guest_seconds_total{cpu,mode}</c> from the per-CPU
/// lines of /proc/stat, whose values are USER_HZ ticks (100 per second on every Linux architecture).
/// </summary>
public sealed class CpuCollector(NodePaths paths) : IMetricsCollector
{
    private const string SecondsName = "node_cpu_seconds_total";
    private const string GuestName = "node_cpu_guest_seconds_total";
    private const double TicksPerSecond = 100;
    private const int Columns = 10;
    private static readonly string[] Modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];

    private readonly ProcFile file = new(paths.ProcFile("stat"), 16 * 1024, FileEnd.ShortSeqFileRead);

    // Parsed per scrape into arrays kept between scrapes: where each CPU's number is in the text, and its columns.
    private Range[] ids = new Range[64];
    private ulong[] ticks = new ulong[64 * Columns];

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var cpus = 0;
        var rest = text;
        var position = 0;
        while (ProcText.NextLine(ref rest, out var line))
        {
            var lineStart = position;
            position += line.Length + 1;
            // "cpu" alone is the sum over CPUs; "cpuN" are the CPUs.
            if (line.Length < 4 || !line.StartsWith("cpu"u8) || line[3] == (byte)' ')
            {
                continue;
            }
            if (cpus == ids.Length)
            {
                Array.Resize(ref ids, cpus * 2);
                Array.Resize(ref ticks, cpus * 2 * Columns);
            }
            var name = ProcText.NextField(ref line);
            ids[cpus] = new Range(lineStart + 3, lineStart + name.Length);
            var values = ticks.AsSpan(cpus * Columns, Columns);
            values.Clear();
            for (var column = 0; column < Columns; column++)
            {
                var field = ProcText.NextField(ref line);
                if (field.IsEmpty)
                {
                    break;
                }
                values[column] = ProcText.ParseUInt64(field);
            }
            cpus++;
        }

        writer.WriteHeader(SecondsName, MetricFamilyType.Counter, "Seconds the CPUs spent in each mode.");
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var id = text[ids[cpu]];
            for (var mode = 0; mode < Modes.Length; mode++)
            {
                writer.BeginSample(SecondsName).Label("cpu", id).Label("mode", Modes[mode]).Value(ticks[cpu * Columns + mode] / TicksPerSecond);
            }
        }
        writer.WriteHeader(GuestName, MetricFamilyType.Counter, "Seconds the CPUs spent in guests (VMs) for each mode.");
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var id = text[ids[cpu]];
            writer.BeginSample(GuestName).Label("cpu", id).Label("mode", "nice").Value(ticks[cpu * Columns + 9] / TicksPerSecond);
            writer.BeginSample(GuestName).Label("cpu", id).Label("mode", "user").Value(ticks[cpu * Columns + 8] / TicksPerSecond);
        }
    }
}
