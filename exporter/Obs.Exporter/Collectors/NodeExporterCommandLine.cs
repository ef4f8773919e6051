using System.Globalization;
using System.Net;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's command line, as far as the node collectors go, so that a unit file or DaemonSet written for
/// node_exporter starts <c>obs-exporter</c> unchanged: <c>--web.listen-address</c>, <c>--web.telemetry-path</c>,
/// <c>--path.procfs/sysfs/rootfs</c>, <c>--[no-]collector.&lt;name&gt;</c>, <c>--collector.disable-defaults</c> and the
/// collectors' own flags. Flags take <c>--flag=value</c> or <c>--flag value</c>, as kingpin does.
/// </summary>
public sealed record NodeExporterCommandLine
{
    public const string Usage = """
        usage: obs-exporter [<flags>]

        Serves node_exporter's node metrics (USE) from Obs' own collectors.

        Flags:
          -h, --help                     Show this help.
              --web.listen-address=":9100"
                                         Address on which to expose metrics.
              --web.telemetry-path="/metrics"
                                         Path under which to expose metrics.
              --path.procfs="/proc"      procfs mountpoint.
              --path.sysfs="/sys"        sysfs mountpoint.
              --path.rootfs="/"          rootfs mountpoint.
              --collector.disable-defaults
                                         Set all collectors to disabled by default.
              --[no-]collector.<name>    Enable or disable a collector: arp, conntrack, cpu, cpufreq (off by default),
                                         diskstats, edac, entropy, filefd, filesystem, hwmon, interrupts (off by default),
                                         loadavg, meminfo, netclass (off by default), netdev, netstat, os, pressure,
                                         sockstat, softnet, stat, textfile, thermal_zone, time, timex, udp_queues,
                                         uname, vmstat, xfs.
              --collector.filesystem.mount-timeout=5s
                                         How long to wait for a mount to respond before marking it as stale.
              --collector.filesystem.mount-points-exclude=<regex>
              --collector.filesystem.fs-types-exclude=<regex>
              --collector.diskstats.device-exclude=<regex>
              --collector.netdev.device-exclude=<regex>
              --collector.vmstat.fields=<regex>
              --collector.netstat.fields=<regex>
              --collector.netclass.ignored-devices=<regex>
              --collector.arp.device-exclude=<regex>
              --collector.arp.device-include=<regex>
              --collector.hwmon.chip-exclude=<regex>
                                         Regexp of hwmon chips to exclude, matched against the chip label.
              --collector.hwmon.chip-include=<regex>
                                         Regexp of hwmon chips to include.
              --collector.hwmon.sensor-exclude=<regex>
                                         Regexp of hwmon sensors to exclude, matched against "chip;sensor"
                                         (platform_coretemp_0;temp3).
              --collector.hwmon.sensor-include=<regex>
                                         Regexp of hwmon sensors to include, matched against "chip;sensor".
              --collector.textfile.directory=<dir>
                                         Directory to read *.prom files with metrics from (repeatable; * and ? match
                                         in its last component).
        """;

    public IPEndPoint ListenAddress { get; init; } = new(IPAddress.IPv6Any, 9100);

    public string TelemetryPath { get; init; } = "/metrics";

    public NodeCollectorOptions Collectors { get; init; } = new();

    public bool Help { get; init; }

    /// <summary>Reads the arguments; throws <see cref="FormatException"/> with a message for the user on a bad one.</summary>
    public static NodeExporterCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new NodeExporterCommandLine();
        var options = new NodeCollectorOptions();
        var paths = NodePaths.Default;
        var enabled = new HashSet<string>(NodeCollectorCatalog.Defaults, StringComparer.Ordinal);
        var explicitly = new Dictionary<string, bool>(StringComparer.Ordinal);
        var disableDefaults = false;
        var textfileDirectories = new List<string>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return result with { Help = true };
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"unexpected argument '{arg}'");
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];

            if (name == "collector.disable-defaults")
            {
                disableDefaults = true;
                continue;
            }
            var negated = name.StartsWith("no-collector.", StringComparison.Ordinal);
            var collector = negated ? name["no-collector.".Length..] : name.StartsWith("collector.", StringComparison.Ordinal) ? name["collector.".Length..] : null;
            if (collector is not null && NodeCollectorCatalog.Names.Contains(collector) && equals < 0)
            {
                explicitly[collector] = !negated;
                continue;
            }

            string Value()
            {
                if (equals >= 0)
                {
                    return arg[(equals + 1)..];
                }
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"expected a value for --{name}");
                }
                return args[++i];
            }

            switch (name)
            {
                case "web.listen-address":
                    result = result with { ListenAddress = ParseEndPoint(Value()) };
                    break;
                case "web.telemetry-path":
                    result = result with { TelemetryPath = Value() };
                    break;
                case "path.procfs":
                    paths = paths with { Proc = Value() };
                    break;
                case "path.sysfs":
                    paths = paths with { Sys = Value() };
                    break;
                case "path.rootfs":
                    paths = paths with { Root = Value() };
                    break;
                case "collector.filesystem.mount-timeout":
                    options = options with { MountTimeout = ParseDuration(Value()) };
                    break;
                case "collector.filesystem.mount-points-exclude" or "collector.filesystem.ignored-mount-points":
                    options = options with { FilesystemMountPointsExclude = Value() };
                    break;
                case "collector.filesystem.fs-types-exclude" or "collector.filesystem.ignored-fs-types":
                    options = options with { FilesystemFsTypesExclude = Value() };
                    break;
                case "collector.diskstats.device-exclude" or "collector.diskstats.ignored-devices":
                    options = options with { DiskstatsDeviceExclude = Value() };
                    break;
                case "collector.netdev.device-exclude":
                    options = options with { NetdevDeviceExclude = Value() };
                    break;
                case "collector.vmstat.fields":
                    options = options with { VmstatFields = Value() };
                    break;
                case "collector.netclass.ignored-devices":
                    options = options with { NetclassIgnoredDevices = Value() };
                    break;
                case "collector.arp.device-exclude":
                    options = options with { ArpDeviceExclude = Value() };
                    break;
                case "collector.arp.device-include":
                    options = options with { ArpDeviceInclude = Value() };
                    break;
                case "collector.textfile.directory":
                    textfileDirectories.Add(Value());
                    break;
                case "collector.hwmon.chip-exclude":
                    options = options with { HwmonChipExclude = Regex(name, Value()) };
                    break;
                case "collector.hwmon.chip-include":
                    options = options with { HwmonChipInclude = Regex(name, Value()) };
                    break;
                case "collector.hwmon.sensor-exclude":
                    options = options with { HwmonSensorExclude = Regex(name, Value()) };
                    break;
                case "collector.hwmon.sensor-include":
                    options = options with { HwmonSensorInclude = Regex(name, Value()) };
                    break;
                case "collector.netstat.fields":
                    options = options with { NetstatFields = Value() };
                    break;
                default:
                    throw new FormatException($"unknown long flag '--{name}'");
            }
        }

        if (disableDefaults)
        {
            enabled.Clear();
        }
        foreach (var (collector, on) in explicitly)
        {
            if (on)
            {
                enabled.Add(collector);
            }
            else
            {
                enabled.Remove(collector);
            }
        }
        return result with { Collectors = options with { Paths = paths, Enabled = enabled, TextfileDirectories = textfileDirectories } };
    }

    /// <summary>The expression, once it is known to parse: a typo fails at start, not in every scrape.</summary>
    private static string Regex(string flag, string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            return pattern;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--{flag}: '{pattern}' is not a regular expression: {e.Message}");
        }
    }

    /// <summary><c>:9100</c> (every address), <c>127.0.0.1:9100</c>, <c>[::1]:9100</c>, <c>localhost:9100</c>.</summary>
    public static IPEndPoint ParseEndPoint(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"listen address '{address}' is not host:port");
        }
        var host = address[..colon].Trim('[', ']');
        var ip = host switch
        {
            "" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : throw new FormatException($"listen address '{address}' has no IP address"),
        };
        return new IPEndPoint(ip, port);
    }

    /// <summary>A Go duration as kingpin takes it: <c>5s</c>, <c>500ms</c>, <c>1m30s</c>.</summary>
    public static TimeSpan ParseDuration(string text) => Obs.Api.Serialization.GoDuration.Parse(text);
}
