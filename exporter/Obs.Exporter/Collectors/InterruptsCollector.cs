using System.Buffers.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Opt-in (one series per interrupt per CPU, thousands on a large host): <c>node_interrupts_total{cpu,type,info,devices}</c>
/// from /proc/interrupts. As in node_exporter, a numbered IRQ's first word after the counts is its <c>info</c> and the
/// rest its <c>devices</c>; a named one (NMI, LOC…) has all of it as <c>info</c>; the ERR and MIS totals are skipped.
/// </summary>
public sealed class InterruptsCollector(NodePaths paths) : IMetricsCollector
{
    private const string Name = "node_interrupts_total";
    private readonly ProcFile file = new(paths.ProcFile("interrupts"), 64 * 1024);
    private byte[] info = new byte[256];
    private byte[] devices = new byte[256];

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        if (!ProcText.NextLine(ref text, out var header))
        {
            return;
        }
        var cpus = 0;
        while (!ProcText.NextField(ref header).IsEmpty)
        {
            cpus++;
        }

        var headerWritten = false;
        while (ProcText.NextLine(ref text, out var line))
        {
            var rest = line;
            var type = ProcText.NextField(ref rest);
            if (type.Length < 2 || type[^1] != (byte)':')
            {
                continue;
            }
            type = type[..^1];
            // A line with fewer counts than CPUs (ERR, MIS, or an architecture's odd one) is not a per-CPU interrupt.
            var counts = rest;
            var complete = true;
            for (var cpu = 0; cpu < cpus && complete; cpu++)
            {
                complete = Utf8Parser.TryParse(ProcText.NextField(ref rest), out ulong _, out _);
            }
            var afterCounts = rest;
            if (!complete || ProcText.NextField(ref afterCounts).IsEmpty)
            {
                continue;
            }

            var numbered = type.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
            int infoLength, devicesLength;
            if (numbered)
            {
                infoLength = Join(ProcText.NextField(ref rest), ref info);
                devicesLength = JoinRest(rest, ref devices);
            }
            else
            {
                infoLength = JoinRest(rest, ref info);
                devicesLength = 0;
            }

            if (!headerWritten)
            {
                writer.WriteHeader(Name, MetricFamilyType.Counter, "Interrupt details.");
                headerWritten = true;
            }
            for (var cpu = 0; cpu < cpus; cpu++)
            {
                var count = ProcText.ParseUInt64(ProcText.NextField(ref counts));
                writer.BeginSample(Name).Label("cpu", cpu).Label("type", type).Label("info", info.AsSpan(0, infoLength))
                    .Label("devices", devices.AsSpan(0, devicesLength)).Value((double)count);
            }
        }
    }

    private static int Join(ReadOnlySpan<byte> word, ref byte[] destination)
    {
        if (word.Length > destination.Length)
        {
            destination = new byte[word.Length * 2];
        }
        word.CopyTo(destination);
        return word.Length;
    }

    // The remaining words separated by single spaces, as Go's strings.Join(fields, " ") gives them.
    private static int JoinRest(ReadOnlySpan<byte> rest, ref byte[] destination)
    {
        if (rest.Length > destination.Length)
        {
            destination = new byte[rest.Length * 2];
        }
        var length = 0;
        for (var word = ProcText.NextField(ref rest); !word.IsEmpty; word = ProcText.NextField(ref rest))
        {
            if (length > 0)
            {
                destination[length++] = (byte)' ';
            }
            word.CopyTo(destination.AsSpan(length));
            length += word.Length;
        }
        return length;
    }
}
