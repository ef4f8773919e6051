using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_network_{receive,transmit}_*_total{device}</c> from /proc/net/dev, under node_exporter's names for
/// its columns (<c>errs</c>, <c>drop</c>, <c>colls</c>…; the kernel already counts missed packets in
/// <c>drop</c>). Devices matching <c>--collector.netdev.device-exclude</c> (the loopback by default) are left out.
/// </summary>
/// <remarks>
/// node_exporter reads these counters over netlink by default, whose link statistics also carry
/// <c>rx_nohandler</c> (packets dropped for want of a protocol handler), published as
/// <c>node_network_receive_nohandler_total</c>; /proc/net/dev lacks that column, so it is read from each device's
/// sysfs <c>statistics/rx_nohandler</c> (kept open: one read per device per scrape). Kernels before 4.6 have no
/// such file, and the family is then left out, as node_exporter's /proc/net/dev mode leaves it out.
/// </remarks>
public sealed class NetdevCollector : IMetricsCollector
{
    private const int Columns = 16;

    private static readonly (string Name, string Help)[] Families = Array.ConvertAll(
        new[]
        {
            "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame",
            "receive_compressed", "receive_multicast", "transmit_bytes", "transmit_packets", "transmit_errs",
            "transmit_drop", "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed",
        },
        stat => ("node_network_" + stat + "_total", "Network device statistic " + stat + "."));

    private readonly ProcFile file;
    private readonly DeviceCache<bool> excluded;
    private readonly DeviceCache<ProcFile> nohandlerFiles;
    private Range[] names = new Range[16];
    private ulong[] values = new ulong[16 * Columns];
    // Per device: rx_nohandler, or ulong.MaxValue when the device has no such file.
    private ulong[] nohandler = new ulong[16];

    public NetdevCollector(NodePaths paths, string deviceExclude = "^lo$")
    {
        file = new ProcFile(paths.ProcFile("net/dev"), 8192);
        var pattern = string.IsNullOrEmpty(deviceExclude) ? null : new Regex(deviceExclude, RegexOptions.CultureInvariant);
        excluded = new DeviceCache<bool>(name => pattern is not null && pattern.IsMatch(Encoding.UTF8.GetString(name)));
        var sysNet = paths.SysFile("class/net");
        nohandlerFiles = new DeviceCache<ProcFile>(name => new ProcFile(Path.Join(sysNet, Encoding.UTF8.GetString(name), "statistics", "rx_nohandler"), 32, FileEnd.ShortRead));
    }

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var devices = 0;
        var rest = text;
        var position = 0;
        while (ProcText.NextLine(ref rest, out var line))
        {
            var lineStart = position;
            position += line.Length + 1;
            // The two header lines have '|' where device lines have the ':' after the name.
            var colon = line.IndexOf((byte)':');
            if (colon < 0 || line.IndexOf((byte)'|') >= 0)
            {
                continue;
            }
            var name = ProcText.Trim(line[..colon]);
            if (name.IsEmpty || excluded.Get(name))
            {
                continue;
            }
            if (devices == names.Length)
            {
                Array.Resize(ref names, devices * 2);
                Array.Resize(ref values, devices * 2 * Columns);
                Array.Resize(ref nohandler, devices * 2);
            }
            var nameStart = lineStart + line[..colon].IndexOf(name);
            names[devices] = new Range(nameStart, nameStart + name.Length);
            var row = values.AsSpan(devices * Columns, Columns);
            var fields = line[(colon + 1)..];
            for (var column = 0; column < Columns; column++)
            {
                row[column] = ProcText.ParseUInt64(ProcText.NextField(ref fields));
            }
            nohandler[devices] = nohandlerFiles.Get(name).TryRead(out var sysfs) ? ProcText.ParseSingleUInt64(sysfs) : ulong.MaxValue;
            devices++;
        }

        for (var family = 0; family < Families.Length && devices > 0; family++)
        {
            var (metric, help) = Families[family];
            writer.WriteHeader(metric, MetricFamilyType.Counter, help);
            for (var device = 0; device < devices; device++)
            {
                writer.BeginSample(metric).Label("device", text[names[device]]).Value((double)values[device * Columns + family]);
            }
        }
        WriteNohandler(text, devices, writer);
    }

    private void WriteNohandler(ReadOnlySpan<byte> text, int devices, MetricsWriter writer)
    {
        const string Name = "node_network_receive_nohandler_total";
        var headerWritten = false;
        for (var device = 0; device < devices; device++)
        {
            if (nohandler[device] == ulong.MaxValue)
            {
                continue;
            }
            if (!headerWritten)
            {
                writer.WriteHeader(Name, MetricFamilyType.Counter, "Network device statistic receive_nohandler.");
                headerWritten = true;
            }
            writer.BeginSample(Name).Label("device", text[names[device]]).Value((double)nohandler[device]);
        }
    }
}
