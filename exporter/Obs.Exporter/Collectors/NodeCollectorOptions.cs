namespace Obs.Exporter.Collectors;

/// <summary>
/// Which node collectors run and how, with node_exporter's flag defaults (the flag each option mirrors is
/// named beside it), so a host configured for node_exporter reports the same series here.
/// </summary>
public sealed record NodeCollectorOptions
{
    /// <summary><c>--path.procfs</c>, <c>--path.sysfs</c>, <c>--path.rootfs</c>.</summary>
    public NodePaths Paths { get; init; } = NodePaths.Default;

    /// <summary>Collector names to run; <see cref="NodeCollectorCatalog.Defaults"/> unless set.</summary>
    public IReadOnlySet<string> Enabled { get; init; } = NodeCollectorCatalog.Defaults;

    /// <summary><c>--collector.filesystem.mount-timeout</c>: how long one statfs may take before its mount counts as stuck.</summary>
    public TimeSpan MountTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--collector.filesystem.mount-points-exclude</c>.</summary>
    public string FilesystemMountPointsExclude { get; init; } =
        "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

    /// <summary><c>--collector.filesystem.fs-types-exclude</c>.</summary>
    public string FilesystemFsTypesExclude { get; init; } =
        "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$";

    /// <summary><c>--collector.diskstats.device-exclude</c>: partitions and virtual devices.</summary>
    public string DiskstatsDeviceExclude { get; init; } = @"^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$";

    /// <summary><c>--collector.netdev.device-exclude</c>; Obs leaves the loopback out by default.</summary>
    public string NetdevDeviceExclude { get; init; } = "^lo$";

    /// <summary><c>--collector.netclass.ignored-devices</c>: none by default, the loopback included, as node_exporter.</summary>
    public string NetclassIgnoredDevices { get; init; } = "^$";

    /// <summary>node_exporter's default <c>--collector.netstat.fields</c>: the counters the mixins' dashboards and alerts use.</summary>
    public const string DefaultNetstatFields =
        "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$";

    /// <summary><c>--collector.netstat.fields</c>: "Protocol_Field" names to expose.</summary>
    public string NetstatFields { get; init; } = DefaultNetstatFields;

    /// <summary><c>--collector.arp.device-exclude</c>: none by default.</summary>
    public string ArpDeviceExclude { get; init; } = "";

    /// <summary><c>--collector.arp.device-include</c>: every device by default.</summary>
    public string ArpDeviceInclude { get; init; } = "";

    /// <summary><c>--collector.hwmon.chip-exclude</c>: none by default (<see cref="HwmonFilter"/>).</summary>
    public string HwmonChipExclude { get; init; } = "";

    /// <summary><c>--collector.hwmon.chip-include</c>: every chip by default.</summary>
    public string HwmonChipInclude { get; init; } = "";

    /// <summary><c>--collector.hwmon.sensor-exclude</c>, matched against "chip;sensor": none by default.</summary>
    public string HwmonSensorExclude { get; init; } = "";

    /// <summary><c>--collector.hwmon.sensor-include</c>, matched against "chip;sensor": every sensor by default.</summary>
    public string HwmonSensorInclude { get; init; } = "";

    /// <summary><c>--collector.textfile.directory</c> (repeatable): none by default, so the collector reports only its error gauge.</summary>
    public IReadOnlyList<string> TextfileDirectories { get; init; } = [];

    /// <summary><c>--collector.vmstat.fields</c>.</summary>
    public string VmstatFields { get; init; } = "^(oom_kill|pgpg|pswp|pg.*fault).*";
}
