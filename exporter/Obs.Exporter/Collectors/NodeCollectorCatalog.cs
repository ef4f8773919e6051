using System.Collections.Frozen;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>The node collectors by node_exporter's names, and which of them run unless asked otherwise.</summary>
public static class NodeCollectorCatalog
{
    /// <summary>Every collector, in the order their families are written.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "arp", "btrfs", "conntrack", "cpu", "cpufreq", "diskstats", "edac", "entropy", "filefd", "filesystem", "hwmon", "interrupts", "loadavg",
        "meminfo", "netclass", "netdev", "netstat", "os", "pressure", "sockstat", "softnet", "stat", "textfile", "thermal_zone",
        "time", "timex", "udp_queues", "uname", "vmstat", "xfs",
    ];

    /// <summary>
    /// All but the high-cardinality ones (per-CPU interrupts and frequencies) and netclass, which are opt-in.
    /// netclass is a default of node_exporter's, but it reads some twenty sysfs files per network device on every
    /// scrape: on a 2-core test machine with four devices that alone cost 0.6–1 ms of CPU per scrape, as much as
    /// all the other collectors together, and a node's veth devices multiply it. <c>--collector.netclass</c> turns it on.
    /// </summary>
    public static IReadOnlySet<string> Defaults { get; } =
        Names.Where(name => name is not ("cpufreq" or "interrupts" or "netclass")).ToFrozenSet(StringComparer.Ordinal);

    public static IMetricsCollector Create(string name, NodeCollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = options.Paths;
        return name switch
        {
            "arp" => new ArpCollector(paths, options.ArpDeviceExclude, options.ArpDeviceInclude),
            "btrfs" => new BtrfsCollector(paths),
            "conntrack" => new ConntrackCollector(paths),
            "cpu" => new CpuCollector(paths),
            "cpufreq" => new CpufreqCollector(paths),
            "diskstats" => new DiskstatsCollector(paths, options.DiskstatsDeviceExclude),
            "edac" => new EdacCollector(paths),
            "entropy" => new EntropyCollector(paths),
            "filefd" => new FilefdCollector(paths),
            "filesystem" => new FilesystemCollector(paths, options),
            "hwmon" => new HwmonCollector(paths, new HwmonFilter(options.HwmonChipExclude, options.HwmonChipInclude, options.HwmonSensorExclude, options.HwmonSensorInclude)),
            "interrupts" => new InterruptsCollector(paths),
            "loadavg" => new LoadavgCollector(paths),
            "meminfo" => new MeminfoCollector(paths),
            "netclass" => new NetclassCollector(paths, options.NetclassIgnoredDevices),
            "netdev" => new NetdevCollector(paths, options.NetdevDeviceExclude),
            "netstat" => new NetstatCollector(paths, options.NetstatFields),
            "os" => new OsCollector(paths),
            "pressure" => new PressureCollector(paths),
            "sockstat" => new SockstatCollector(paths),
            "softnet" => new SoftnetCollector(paths),
            "stat" => new StatCollector(paths),
            "textfile" => new TextfileCollector(options.TextfileDirectories),
            "thermal_zone" => new ThermalZoneCollector(paths),
            "time" => new TimeCollector(paths),
            "timex" => new TimexCollector(),
            "udp_queues" => new UdpQueuesCollector(paths),
            "uname" => new UnameCollector(),
            "vmstat" => new VmstatCollector(paths, options.VmstatFields),
            "xfs" => new XfsCollector(paths),
            _ => throw new ArgumentException($"There is no node collector named '{name}'.", nameof(name)),
        };
    }
}
