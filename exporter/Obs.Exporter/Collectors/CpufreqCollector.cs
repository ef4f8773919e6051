using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Opt-in: per-CPU frequencies from /sys/devices/system/cpu/cpuN/cpufreq (kHz in sysfs, hertz here), as
/// node_exporter's <c>node_cpu_frequency_*_hertz</c> and <c>node_cpu_scaling_frequency_*_hertz</c>. Files a
/// driver does not provide (virtual machines often have none) are left out.
/// </summary>
public sealed class CpufreqCollector : IMetricsCollector
{
    private static readonly (string File, string Name, string Help)[] Families =
    [
        ("cpuinfo_cur_freq", "node_cpu_frequency_hertz", "Current CPU thread frequency in hertz."),
        ("cpuinfo_max_freq", "node_cpu_frequency_max_hertz", "Maximum CPU thread frequency in hertz."),
        ("cpuinfo_min_freq", "node_cpu_frequency_min_hertz", "Minimum CPU thread frequency in hertz."),
        ("scaling_cur_freq", "node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz."),
        ("scaling_max_freq", "node_cpu_scaling_frequency_max_hertz", "Maximum scaled CPU thread frequency in hertz."),
        ("scaling_min_freq", "node_cpu_scaling_frequency_min_hertz", "Minimum scaled CPU thread frequency in hertz."),
    ];

    // CPUs are found once: hot-plugged CPUs appear when the agent restarts.
    private readonly (string Cpu, ProcFile[] Files)[] cpus;

    public CpufreqCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directory = paths.SysFile("devices/system/cpu");
        cpus = Directory.Exists(directory)
            ? Directory.GetDirectories(directory, "cpu*")
                .Select(path => (Cpu: Path.GetFileName(path)[3..], Path: path))
                .Where(cpu => cpu.Cpu.Length > 0 && cpu.Cpu.All(char.IsAsciiDigit) && Directory.Exists(Path.Join(cpu.Path, "cpufreq")))
                .OrderBy(cpu => int.Parse(cpu.Cpu, System.Globalization.CultureInfo.InvariantCulture))
                .Select(cpu => (cpu.Cpu, Array.ConvertAll(Families, family => new ProcFile(Path.Join(cpu.Path, "cpufreq", family.File), 64, FileEnd.ShortRead))))
                .ToArray()
            : [];
    }

    public void Collect(MetricsWriter writer)
    {
        for (var family = 0; family < Families.Length; family++)
        {
            var (_, name, help) = Families[family];
            var headerWritten = false;
            foreach (var (cpu, files) in cpus)
            {
                if (!files[family].TryRead(out var text))
                {
                    continue;
                }
                if (!headerWritten)
                {
                    writer.WriteHeader(name, MetricFamilyType.Gauge, help);
                    headerWritten = true;
                }
                writer.BeginSample(name).Label("cpu", cpu).Value(ProcText.ParseSingleUInt64(text) * 1000.0);
            }
        }
    }
}
