using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The protocol counters of /proc/net/netstat, /proc/net/snmp and /proc/net/snmp6 that match
/// <c>--collector.netstat.fields</c>, as node_exporter's untyped <c>node_netstat_&lt;Protocol&gt;_&lt;Field&gt;</c>
/// (<c>node_netstat_Tcp_RetransSegs</c>, <c>node_netstat_TcpExt_ListenDrops</c>, <c>node_netstat_Udp_RcvbufErrors</c>…).
/// snmp6 is quietly skipped on a kernel without IPv6.
/// </summary>
public sealed class NetstatCollector : IMetricsCollector
{
    private readonly ProcFile netstat;
    private readonly ProcFile snmp;
    private readonly ProcFile snmp6;
    private readonly Regex pattern;
    // netstat and snmp are pairs of lines, a header of field names and a line of values; each header's fields
    // are worked out once and found again by comparing the header with the one seen at its position last time.
    private readonly FieldNames<Field?[]> netstatHeaders;
    private readonly FieldNames<Field?[]> snmpHeaders;
    private readonly FieldNames<Field?> snmp6Fields;

    public NetstatCollector(NodePaths paths, string fieldsPattern = NodeCollectorOptions.DefaultNetstatFields)
    {
        ArgumentNullException.ThrowIfNull(paths);
        netstat = new ProcFile(paths.ProcFile("net/netstat"), 8192, FileEnd.ShortSeqFileRead);
        snmp = new ProcFile(paths.ProcFile("net/snmp"), 8192, FileEnd.ShortSeqFileRead);
        snmp6 = new ProcFile(paths.ProcFile("net/snmp6"), 8192, FileEnd.ShortSeqFileRead);
        pattern = new Regex(fieldsPattern, RegexOptions.CultureInvariant);
        netstatHeaders = new FieldNames<Field?[]>(HeaderFields);
        snmpHeaders = new FieldNames<Field?[]>(HeaderFields);
        snmp6Fields = new FieldNames<Field?>(Snmp6Field);
    }

    public void Collect(MetricsWriter writer)
    {
        WriteTable(netstat.Read(), netstatHeaders, writer);
        WriteTable(snmp.Read(), snmpHeaders, writer);
        if (snmp6.TryRead(out var text))
        {
            WriteSnmp6(text, writer);
        }
    }

    /// <summary>netstat and snmp's layout: "TcpExt: SyncookiesSent …" followed by "TcpExt: 0 …".</summary>
    public void WriteNetstat(ReadOnlySpan<byte> text, MetricsWriter writer) => WriteTable(text, netstatHeaders, writer);

    public void WriteSnmp(ReadOnlySpan<byte> text, MetricsWriter writer) => WriteTable(text, snmpHeaders, writer);

    /// <summary>snmp6's layout: one "Ip6InReceives 1234" per line; the protocol is the name up to its first 6.</summary>
    public void WriteSnmp6(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var index = 0;
        while (ProcText.NextLine(ref text, out var line))
        {
            var key = ProcText.NextField(ref line);
            if (key.IsEmpty)
            {
                continue;
            }
            if (snmp6Fields.Get(index++, key) is { } field)
            {
                Write(field, ProcText.NextField(ref line), writer);
            }
        }
    }

    private static void WriteTable(ReadOnlySpan<byte> text, FieldNames<Field?[]> headers, MetricsWriter writer)
    {
        var pair = 0;
        while (ProcText.NextLine(ref text, out var header) && ProcText.NextLine(ref text, out var values))
        {
            var fields = headers.Get(pair++, header);
            ProcText.NextField(ref values);
            foreach (var field in fields)
            {
                var value = ProcText.NextField(ref values);
                if (value.IsEmpty)
                {
                    break;
                }
                if (field is not null)
                {
                    Write(field, value, writer);
                }
            }
        }
    }

    private static void Write(Field field, ReadOnlySpan<byte> value, MetricsWriter writer)
    {
        writer.WriteHeader(field.Name, MetricFamilyType.Unknown, field.Help);
        writer.WriteSample(field.Name, ProcText.ParseDouble(value));
    }

    private Field?[] HeaderFields(ReadOnlySpan<byte> header)
    {
        var protocol = Encoding.ASCII.GetString(ProcText.NextField(ref header)).TrimEnd(':');
        var fields = new List<Field?>();
        for (var name = ProcText.NextField(ref header); !name.IsEmpty; name = ProcText.NextField(ref header))
        {
            fields.Add(FieldOf(protocol, Encoding.ASCII.GetString(name)));
        }
        return [.. fields];
    }

    private Field? Snmp6Field(ReadOnlySpan<byte> key)
    {
        var name = Encoding.ASCII.GetString(key);
        var six = name.IndexOf('6', StringComparison.Ordinal);
        return six < 0 ? null : FieldOf(name[..(six + 1)], name[(six + 1)..]);
    }

    private Field? FieldOf(string protocol, string name) => pattern.IsMatch(protocol + "_" + name)
        ? new Field($"node_netstat_{protocol}_{name}", $"Statistic {protocol}{name}.")
        : null;

    private sealed record Field(string Name, string Help);
}
