using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>node_arp_entries{device}</c>: the neighbour entries of /proc/net/arp counted per device (its
/// last column). node_exporter asks netlink by default and leaves out NOARP entries there; the kernel leaves them
/// out of /proc/net/arp as well, so the counts agree. <c>--collector.arp.device-exclude</c> and
/// <c>--collector.arp.device-include</c> filter devices, as node_exporter's do.
/// </summary>
public sealed class ArpCollector : IMetricsCollector
{
    private const string Name = "node_arp_entries";

    private readonly ProcFile file;
    private readonly DeviceCache<bool> ignored;
    // Per device seen in this scrape: its name within the text and its count; kept between scrapes.
    private Range[] devices = new Range[8];
    private int[] counts = new int[8];

    public ArpCollector(NodePaths paths, string deviceExclude = "", string deviceInclude = "")
    {
        ArgumentNullException.ThrowIfNull(paths);
        file = new ProcFile(paths.ProcFile("net/arp"), 4096, FileEnd.ShortSeqFileRead);
        var exclude = string.IsNullOrEmpty(deviceExclude) ? null : new Regex(deviceExclude, RegexOptions.CultureInvariant);
        var include = string.IsNullOrEmpty(deviceInclude) ? null : new Regex(deviceInclude, RegexOptions.CultureInvariant);
        ignored = new DeviceCache<bool>(name =>
        {
            var device = Encoding.UTF8.GetString(name);
            return (exclude is not null && exclude.IsMatch(device)) || (include is not null && !include.IsMatch(device));
        });
    }

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var found = 0;
        var rest = text;
        var offset = 0;
        // The first line is the header ("IP address  HW type ...").
        var header = true;
        while (ProcText.NextLine(ref rest, out var line))
        {
            var lineStart = offset;
            offset += line.Length + 1;
            if (header)
            {
                header = false;
                continue;
            }
            var end = line.Length;
            while (end > 0 && line[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
            {
                end--;
            }
            if (end == 0)
            {
                continue;
            }
            var begin = line[..end].LastIndexOfAny((byte)' ', (byte)'\t') + 1;
            var device = line[begin..end];
            if (ignored.Get(device))
            {
                continue;
            }
            var start = lineStart + begin;
            var index = IndexOf(text, found, device);
            if (index < 0)
            {
                if (found == devices.Length)
                {
                    Array.Resize(ref devices, found * 2);
                    Array.Resize(ref counts, found * 2);
                }
                index = found++;
                devices[index] = new Range(start, start + device.Length);
                counts[index] = 0;
            }
            counts[index]++;
        }

        if (found == 0)
        {
            return;
        }
        writer.WriteHeader(Name, MetricFamilyType.Gauge, "ARP entries by device");
        for (var i = 0; i < found; i++)
        {
            writer.BeginSample(Name).Label("device", text[devices[i]]).Value(counts[i]);
        }
    }

    private int IndexOf(ReadOnlySpan<byte> text, int found, ReadOnlySpan<byte> device)
    {
        for (var i = 0; i < found; i++)
        {
            if (text[devices[i]].SequenceEqual(device))
            {
                return i;
            }
        }
        return -1;
    }
}
