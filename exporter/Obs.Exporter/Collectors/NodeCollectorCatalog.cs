using System.Collections.Frozen;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>The node collectors by node_exporter's names, and which of them run unless asked otherwise.</summary>
public static class NodeCollectorCatalog
{
    /// <summary>Every collector, in the order their families are written.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "conntrack", "cpu", "cpufreq", "diskstats", "entropy", "filefd", "filesystem", "interrupts", "loadavg",
        "meminfo", "netdev", "netstat", "pressure", "sockstat", "softnet", "stat", "time", "timex", "uname", "vmstat",
    ];

    /// <summary>All but the high-cardinality ones (per-CPU interrupts and frequencies), which are opt-in.</summary>
    public static IReadOnlySet<string> Defaults { get; } =
        Names.Where(name => name is not ("cpufreq" or "interrupts")).ToFrozenSet(StringComparer.Ordinal);

    public static IMetricsCollector Create(string name, NodeCollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = options.Paths;
        return name switch
        {
            "conntrack" => new ConntrackCollector(paths),
            "cpu" => new CpuCollector(paths),
            "cpufreq" => new CpufreqCollector(paths),
            "diskstats" => new DiskstatsCollector(paths, options.DiskstatsDeviceExclude),
            "entropy" => new EntropyCollector(paths),
            "filefd" => new FilefdCollector(paths),
            "filesystem" => new FilesystemCollector(paths, options),
            "interrupts" => new InterruptsCollector(paths),
            "loadavg" => new LoadavgCollector(paths),
            "meminfo" => new MeminfoCollector(paths),
            "netdev" => new NetdevCollector(paths, options.NetdevDeviceExclude),
            "netstat" => new NetstatCollector(paths, options.NetstatFields),
            "pressure" => new PressureCollector(paths),
            "sockstat" => new SockstatCollector(paths),
            "softnet" => new SoftnetCollector(paths),
            "stat" => new StatCollector(paths),
            "time" => new TimeCollector(paths),
            "timex" => new TimexCollector(),
            "uname" => new UnameCollector(),
            "vmstat" => new VmstatCollector(paths, options.VmstatFields),
            _ => throw new ArgumentException($"There is no node collector named '{name}'.", nameof(name)),
        };
    }
}
