using Obs.Exporter.Collectors;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>The fixture /proc, /sys and root trees copied next to the test assembly.</summary>
internal static class NodeFixtures
{
    static NodeFixtures() => FixtureLinks.Create(Directory);

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Collectors", "fixtures");

    public static NodePaths Paths { get; } = new(Path.Combine(Directory, "proc"), Path.Combine(Directory, "sys"), Path.Combine(Directory, "root"));

    public static ReadOnlySpan<byte> Read(string relative) => File.ReadAllBytes(Path.Combine(Directory, relative));

    public static string Collect(IMetricsCollector collector) => Rendered.Text(collector.Collect);
}
