using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The /proc/vmstat fields matching <c>--collector.vmstat.fields</c> as untyped <c>node_vmstat_&lt;field&gt;</c>,
/// as node_exporter exposes them (some are counters, some gauges, and it does not say which).
/// </summary>
public sealed class VmstatCollector : IMetricsCollector
{
    private readonly ProcFile file;
    private readonly FieldNames<Field?> fields;

    public VmstatCollector(NodePaths paths, string fieldsPattern = "^(oom_kill|pgpg|pswp|pg.*fault).*")
    {
        file = new ProcFile(paths.ProcFile("vmstat"), 8192, FileEnd.ShortSeqFileRead);
        var pattern = new Regex(fieldsPattern, RegexOptions.CultureInvariant);
        fields = new FieldNames<Field?>(key =>
        {
            var name = Encoding.ASCII.GetString(key);
            return pattern.IsMatch(name)
                ? new Field("node_vmstat_" + name, "/proc/vmstat information field " + name + ".")
                : null;
        });
    }

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var index = 0;
        while (ProcText.NextLine(ref text, out var line))
        {
            var key = ProcText.NextField(ref line);
            if (key.IsEmpty)
            {
                continue;
            }
            var field = fields.Get(index++, key);
            if (field is null)
            {
                continue;
            }
            writer.WriteHeader(field.Name, MetricFamilyType.Unknown, field.Help);
            writer.WriteSample(field.Name, (double)ProcText.ParseInt64(ProcText.NextField(ref line)));
        }
    }

    private sealed record Field(string Name, string Help);
}
