using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's netclass families from /sys/class/net/&lt;device&gt;: <c>node_network_up</c> (operstate "up"),
/// <c>node_network_info{address,broadcast,device,duplex,ifalias,operstate}</c> and the numeric properties
/// (<c>node_network_mtu_bytes</c>, <c>node_network_speed_bytes</c>, <c>node_network_carrier_changes_total</c>…).
/// A property the kernel refuses for a device (the speed or carrier of an interface that is down) is left out
/// for that device, as node_exporter does. Devices matching <c>--collector.netclass.ignored-devices</c> are skipped.
/// </summary>
public sealed class NetclassCollector : IMetricsCollector
{
    private static readonly Property[] Properties =
    [
        new("addr_assign_type", "node_network_address_assign_type", "address_assign_type", MetricFamilyType.Gauge),
        new("carrier", "node_network_carrier", "carrier", MetricFamilyType.Gauge),
        new("carrier_changes", "node_network_carrier_changes_total", "carrier_changes_total", MetricFamilyType.Counter),
        new("carrier_up_count", "node_network_carrier_up_changes_total", "carrier_up_changes_total", MetricFamilyType.Counter),
        new("carrier_down_count", "node_network_carrier_down_changes_total", "carrier_down_changes_total", MetricFamilyType.Counter),
        new("dev_id", "node_network_device_id", "device_id", MetricFamilyType.Gauge),
        new("dormant", "node_network_dormant", "dormant", MetricFamilyType.Gauge),
        new("flags", "node_network_flags", "flags", MetricFamilyType.Gauge),
        new("ifindex", "node_network_iface_id", "iface_id", MetricFamilyType.Gauge),
        new("iflink", "node_network_iface_link", "iface_link", MetricFamilyType.Gauge),
        new("link_mode", "node_network_iface_link_mode", "iface_link_mode", MetricFamilyType.Gauge),
        new("mtu", "node_network_mtu_bytes", "mtu_bytes", MetricFamilyType.Gauge),
        new("name_assign_type", "node_network_name_assign_type", "name_assign_type", MetricFamilyType.Gauge),
        new("netdev_group", "node_network_net_dev_group", "net_dev_group", MetricFamilyType.Gauge),
        // Mbit/s in sysfs, bytes per second here; -1 (unknown) stays negative, as node_exporter reports it.
        new("speed", "node_network_speed_bytes", "speed_bytes", MetricFamilyType.Gauge, 1_000_000 / 8),
        new("tx_queue_len", "node_network_transmit_queue_length", "transmit_queue_length", MetricFamilyType.Gauge),
        new("type", "node_network_protocol_type", "protocol_type", MetricFamilyType.Gauge),
    ];

    private static readonly string[] InfoAttributes = ["address", "broadcast", "duplex", "ifalias", "operstate"];

    private readonly string directory;
    private readonly Regex? ignored;
    private readonly Dictionary<string, Device> known = new(StringComparer.Ordinal);
    private readonly List<Device> devices = [];
    private long generation;

    public NetclassCollector(NodePaths paths, string ignoredDevices = "^$")
    {
        ArgumentNullException.ThrowIfNull(paths);
        directory = paths.SysFile("class/net");
        ignored = string.IsNullOrEmpty(ignoredDevices) ? null : new Regex(ignoredDevices, RegexOptions.CultureInvariant);
    }

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Refresh();
        writer.WriteHeader("node_network_info", MetricFamilyType.Gauge, "Non-numeric data from /sys/class/net/<iface>, value is always 1.");
        foreach (var device in devices)
        {
            writer.BeginSample("node_network_info")
                .Label("address", device.Text(0)).Label("broadcast", device.Text(1)).Label("device", device.Name)
                .Label("duplex", device.Text(2)).Label("ifalias", device.Text(3)).Label("operstate", device.Text(4))
                .Value(1L);
        }
        writer.WriteHeader("node_network_up", MetricFamilyType.Gauge, "Value is 1 if operstate is 'up', 0 otherwise.");
        foreach (var device in devices)
        {
            writer.BeginSample("node_network_up").Label("device", device.Name).Value(device.Text(4).SequenceEqual("up"u8) ? 1L : 0L);
        }
        for (var p = 0; p < Properties.Length; p++)
        {
            var property = Properties[p];
            var header = false;
            foreach (var device in devices)
            {
                if (device.Values[p] is not { } value)
                {
                    continue;
                }
                if (!header)
                {
                    writer.WriteHeader(property.Name, property.Type, property.Help);
                    header = true;
                }
                writer.BeginSample(property.Name).Label("device", device.Name).Value(value * property.Scale);
            }
        }
    }

    // Reads every device's files. The files stay open between scrapes (opening some twenty files per device on
    // every scrape cost more than all the other collectors together); a device that went away (the veth of a
    // deleted pod) is forgotten and its files closed.
    private void Refresh()
    {
        devices.Clear();
        if (!Directory.Exists(directory))
        {
            return;
        }
        generation++;
        var seen = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(path);
            if (!known.TryGetValue(name, out var device))
            {
                device = new Device(name, path, ignored?.IsMatch(name) == true);
                known[name] = device;
            }
            device.Generation = generation;
            seen++;
            if (!device.Ignored)
            {
                devices.Add(device);
            }
        }
        if (known.Count > seen)
        {
            foreach (var gone in known.Values.Where(device => device.Generation != generation).ToList())
            {
                gone.Close();
                known.Remove(gone.Name);
            }
        }
        devices.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var device in devices)
        {
            device.Read();
        }
    }

    private sealed record Property(string Attribute, string Name, string Suffix, MetricFamilyType Type, double Scale = 1)
    {
        public string Help { get; } = "Network device property: " + Suffix;
    }

    private sealed class Device
    {
        private readonly ProcFile[] infoFiles;
        private readonly ProcFile[] propertyFiles;
        private readonly byte[][] texts;
        private readonly int[] lengths;

        public Device(string name, string path, bool ignored)
        {
            Name = name;
            Ignored = ignored;
            infoFiles = Array.ConvertAll(InfoAttributes, attribute => new ProcFile(Path.Join(path, attribute), 256, FileEnd.ShortRead));
            propertyFiles = Array.ConvertAll(Properties, property => new ProcFile(Path.Join(path, property.Attribute), 64, FileEnd.ShortRead));
            texts = Array.ConvertAll(InfoAttributes, _ => new byte[256]);
            lengths = new int[InfoAttributes.Length];
            Values = new double?[Properties.Length];
        }

        public string Name { get; }

        public bool Ignored { get; }

        public double?[] Values { get; }

        /// <summary>The last listing of /sys/class/net that showed this device.</summary>
        public long Generation { get; set; }

        public void Close()
        {
            foreach (var file in infoFiles)
            {
                file.Close();
            }
            foreach (var file in propertyFiles)
            {
                file.Close();
            }
        }

        public ReadOnlySpan<byte> Text(int index) => texts[index].AsSpan(0, lengths[index]);

        public void Read()
        {
            for (var i = 0; i < infoFiles.Length; i++)
            {
                lengths[i] = 0;
                if (infoFiles[i].TryRead(out var text))
                {
                    text = ProcText.Trim(text);
                    if (text.Length > texts[i].Length)
                    {
                        texts[i] = new byte[text.Length];
                    }
                    text.CopyTo(texts[i]);
                    lengths[i] = text.Length;
                }
            }
            for (var i = 0; i < propertyFiles.Length; i++)
            {
                Values[i] = propertyFiles[i].TryRead(out var text) && Parse(ProcText.Trim(text), out var value) ? value : null;
            }
        }

        // dev_id and flags are written as 0x-prefixed hexadecimal, the rest as decimal (speed may be -1).
        private static bool Parse(ReadOnlySpan<byte> text, out double value)
        {
            value = 0;
            if (text.StartsWith("0x"u8))
            {
                if (!System.Buffers.Text.Utf8Parser.TryParse(text[2..], out ulong hex, out var used, 'x') || used != text.Length - 2)
                {
                    return false;
                }
                value = hex;
                return true;
            }
            if (!System.Buffers.Text.Utf8Parser.TryParse(text, out long number, out var consumed) || consumed != text.Length)
            {
                return false;
            }
            value = number;
            return true;
        }
    }
}
