using System.Runtime.InteropServices;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary><c>node_uname_info</c>: the uname(2) fields as labels, read on each scrape as the host name may change.</summary>
public sealed class UnameCollector : IMetricsCollector
{
    private const string Name = "node_uname_info";
    private readonly byte[] buffer = new byte[LibC.UtsFieldLength * LibC.UtsFields];

    public void Collect(MetricsWriter writer)
    {
        if (LibC.Uname(ref buffer[0]) != 0)
        {
            throw new InvalidOperationException($"uname failed with errno {Marshal.GetLastPInvokeError()}.");
        }
        Write(buffer, writer);
    }

    /// <summary>Writes the info sample from a struct utsname: sysname, nodename, release, version, machine, domainname.</summary>
    public static void Write(ReadOnlySpan<byte> utsname, MetricsWriter writer)
    {
        writer.WriteHeader(Name, MetricFamilyType.Gauge, "Labeled system information as provided by the uname system call.");
        writer.BeginSample(Name)
            .Label("domainname", Field(utsname, 5))
            .Label("machine", Field(utsname, 4))
            .Label("nodename", Field(utsname, 1))
            .Label("release", Field(utsname, 2))
            .Label("sysname", Field(utsname, 0))
            .Label("version", Field(utsname, 3))
            .Value(1.0);
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> utsname, int index)
    {
        var field = utsname.Slice(index * LibC.UtsFieldLength, LibC.UtsFieldLength);
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }
}
