using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Pressure stall information from /proc/pressure/{cpu,io,memory,irq}: the <c>some</c> line's total becomes
/// <c>node_pressure_*_waiting_seconds_total</c>, the <c>full</c> line's <c>_stalled_seconds_total</c>
/// (totals are microseconds). Kernels without PSI (before 4.20, or booted with psi=0) have no files or refuse
/// to read them: the families are then quietly absent. As in node_exporter, CPU gives only its some line (the
/// full line exists only since 5.13 and is all zeros system-wide) and IRQ only its full line (6.1+).
/// </summary>
public sealed class PressureCollector(NodePaths paths) : IMetricsCollector
{
    private static readonly Resource[] Resources =
    [
        new("cpu", "node_pressure_cpu_waiting_seconds_total", "Total time in seconds that processes have waited for CPU time", null, null),
        new("io", "node_pressure_io_waiting_seconds_total", "Total time in seconds that processes have waited due to IO congestion",
            "node_pressure_io_stalled_seconds_total", "Total time in seconds no process could make progress due to IO congestion"),
        new("memory", "node_pressure_memory_waiting_seconds_total", "Total time in seconds that processes have waited for memory",
            "node_pressure_memory_stalled_seconds_total", "Total time in seconds no process could make progress due to memory congestion"),
        new("irq", null, null,
            "node_pressure_irq_stalled_seconds_total", "Total time in seconds no process could make progress due to IRQ congestion"),
    ];

    private readonly ProcFile[] files = Array.ConvertAll(Resources, resource => new ProcFile(paths.ProcFile("pressure/" + resource.Name), 4096, FileEnd.ShortSeqFileRead));

    public void Collect(MetricsWriter writer)
    {
        for (var i = 0; i < Resources.Length; i++)
        {
            if (files[i].TryRead(out var text))
            {
                Write(Resources[i], text, writer);
            }
        }
    }

    /// <summary>Writes one resource's families from its pressure file, e.g. <c>Write("cpu", text, writer)</c>.</summary>
    public static void Write(string resource, ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        foreach (var known in Resources)
        {
            if (known.Name == resource)
            {
                Write(known, text, writer);
                return;
            }
        }
        throw new ArgumentException($"No pressure resource '{resource}'.", nameof(resource));
    }

    private static void Write(Resource resource, ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        double? some = null, full = null;
        while (ProcText.NextLine(ref text, out var line))
        {
            var kind = ProcText.NextField(ref line);
            double? total = null;
            for (var field = ProcText.NextField(ref line); !field.IsEmpty; field = ProcText.NextField(ref line))
            {
                if (field.StartsWith("total="u8))
                {
                    total = ProcText.ParseUInt64(field[6..]) / 1e6;
                }
            }
            if (kind.SequenceEqual("some"u8))
            {
                some = total;
            }
            else if (kind.SequenceEqual("full"u8))
            {
                full = total;
            }
        }
        if (some is { } waiting && resource.WaitingName is not null)
        {
            writer.WriteHeader(resource.WaitingName, MetricFamilyType.Counter, resource.WaitingHelp);
            writer.WriteSample(resource.WaitingName, waiting);
        }
        if (full is { } stalled && resource.StalledName is not null)
        {
            writer.WriteHeader(resource.StalledName, MetricFamilyType.Counter, resource.StalledHelp);
            writer.WriteSample(resource.StalledName, stalled);
        }
    }

    private sealed record Resource(string Name, string? WaitingName, string? WaitingHelp, string? StalledName, string? StalledHelp);
}
