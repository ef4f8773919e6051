using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>edac</c> collector: memory controllers' error counters from
/// /sys/devices/system/edac/mc/mcN, <c>node_edac_{correctable,uncorrectable}_errors_total{controller}</c> and per
/// chip-select row <c>node_edac_csrow_{correctable,uncorrectable}_errors_total{controller,csrow}</c>, where the
/// errors the driver could not place (<c>ce_noinfo_count</c>, <c>ue_noinfo_count</c>) count under
/// <c>csrow="unknown"</c>. Controllers and rows are found once; machines without EDAC (most virtual ones) report nothing.
/// </summary>
public sealed class EdacCollector : IMetricsCollector
{
    private const string CorrectableName = "node_edac_correctable_errors_total";
    private const string UncorrectableName = "node_edac_uncorrectable_errors_total";
    private const string CsrowCorrectableName = "node_edac_csrow_correctable_errors_total";
    private const string CsrowUncorrectableName = "node_edac_csrow_uncorrectable_errors_total";

    private readonly Controller[] controllers;

    public EdacCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        controllers = NumberedDirectories.Find(paths.SysFile("devices/system/edac/mc"), "mc")
            .Select(mc => new Controller(
                mc.Number,
                new ProcFile(Path.Join(mc.Path, "ce_count"), 32, FileEnd.ShortRead),
                new ProcFile(Path.Join(mc.Path, "ue_count"), 32, FileEnd.ShortRead),
                [
                    new Row("unknown", new ProcFile(Path.Join(mc.Path, "ce_noinfo_count"), 32, FileEnd.ShortRead), new ProcFile(Path.Join(mc.Path, "ue_noinfo_count"), 32, FileEnd.ShortRead)),
                    .. NumberedDirectories.Find(mc.Path, "csrow").Select(row => new Row(
                        row.Number, new ProcFile(Path.Join(row.Path, "ce_count"), 32, FileEnd.ShortRead), new ProcFile(Path.Join(row.Path, "ue_count"), 32, FileEnd.ShortRead))),
                ]))
            .ToArray();
    }

    public void Collect(MetricsWriter writer)
    {
        if (controllers.Length == 0)
        {
            return;
        }
        writer.WriteHeader(CorrectableName, MetricFamilyType.Counter, "Total correctable memory errors.");
        foreach (var controller in controllers)
        {
            writer.BeginSample(CorrectableName).Label("controller", controller.Number).Value(Read(controller.Correctable));
        }
        writer.WriteHeader(UncorrectableName, MetricFamilyType.Counter, "Total uncorrectable memory errors.");
        foreach (var controller in controllers)
        {
            writer.BeginSample(UncorrectableName).Label("controller", controller.Number).Value(Read(controller.Uncorrectable));
        }
        writer.WriteHeader(CsrowCorrectableName, MetricFamilyType.Counter, "Total correctable memory errors for this csrow.");
        foreach (var controller in controllers)
        {
            foreach (var row in controller.Rows)
            {
                writer.BeginSample(CsrowCorrectableName).Label("controller", controller.Number).Label("csrow", row.Number).Value(Read(row.Correctable));
            }
        }
        writer.WriteHeader(CsrowUncorrectableName, MetricFamilyType.Counter, "Total uncorrectable memory errors for this csrow.");
        foreach (var controller in controllers)
        {
            foreach (var row in controller.Rows)
            {
                writer.BeginSample(CsrowUncorrectableName).Label("controller", controller.Number).Label("csrow", row.Number).Value(Read(row.Uncorrectable));
            }
        }
    }

    private static double Read(ProcFile file) => ProcText.ParseSingleUInt64(file.Read());

    private sealed record Row(string Number, ProcFile Correctable, ProcFile Uncorrectable);

    private sealed record Controller(string Number, ProcFile Correctable, ProcFile Uncorrectable, Row[] Rows);
}
