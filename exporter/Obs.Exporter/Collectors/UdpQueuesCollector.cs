using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>node_udp_queues{ip,queue}</c>: the bytes queued in UDP sockets' send and receive buffers,
/// summed over the sockets of /proc/net/udp (<c>ip="v4"</c>) and /proc/net/udp6 (<c>ip="v6"</c>). A kernel
/// without IPv6 has no udp6 file: its samples are quietly left out.
/// </summary>
public sealed class UdpQueuesCollector(NodePaths paths) : IMetricsCollector
{
    private const string Name = "node_udp_queues";

    // Each read of these files walks the kernel's whole UDP hash table, so the read that would only find the end is skipped.
    private readonly ProcFile udp = new(paths.ProcFile("net/udp"), 16 * 1024, FileEnd.ShortSeqFileRead);
    private readonly ProcFile udp6 = new(paths.ProcFile("net/udp6"), 16 * 1024, FileEnd.ShortSeqFileRead);

    public void Collect(MetricsWriter writer)
    {
        var v4 = udp.Read();
        var hasV6 = udp6.TryRead(out var v6);
        Write(v4, v6, hasV6, writer);
    }

    /// <summary>Writes the family from the two files' text; <paramref name="hasUdp6"/> is false without IPv6.</summary>
    public static void Write(ReadOnlySpan<byte> udpText, ReadOnlySpan<byte> udp6Text, bool hasUdp6, MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var (tx, rx) = Sum(udpText);
        writer.WriteHeader(Name, MetricFamilyType.Gauge, "Number of allocated memory in the kernel for UDP datagrams in bytes.");
        WriteSamples(writer, "v4", tx, rx);
        if (hasUdp6)
        {
            (tx, rx) = Sum(udp6Text);
            WriteSamples(writer, "v6", tx, rx);
        }
    }

    /// <summary>The fifth column of each socket line is <c>tx_queue:rx_queue</c>, both hexadecimal byte counts.</summary>
    public static (ulong Tx, ulong Rx) Sum(ReadOnlySpan<byte> text)
    {
        ulong tx = 0, rx = 0;
        var header = true;
        while (ProcText.NextLine(ref text, out var line))
        {
            if (header)
            {
                header = false;
                continue;
            }
            if (ProcText.Trim(line).IsEmpty)
            {
                continue;
            }
            ProcText.NextField(ref line); // sl
            ProcText.NextField(ref line); // local_address
            ProcText.NextField(ref line); // rem_address
            ProcText.NextField(ref line); // st
            var queues = ProcText.NextField(ref line);
            var colon = queues.IndexOf((byte)':');
            if (colon < 0)
            {
                throw new FormatException("A UDP socket line has no tx_queue:rx_queue column.");
            }
            tx += ProcText.ParseHex(queues[..colon]);
            rx += ProcText.ParseHex(queues[(colon + 1)..]);
        }
        return (tx, rx);
    }

    private static void WriteSamples(MetricsWriter writer, string ip, ulong tx, ulong rx)
    {
        writer.BeginSample(Name).Label("ip", ip).Label("queue", "rx").Value((double)rx);
        writer.BeginSample(Name).Label("ip", ip).Label("queue", "tx").Value((double)tx);
    }
}
