using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Metrics;
using Obs.NodeAgent.Probes;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Metrics;

public sealed class ProbeResultCountersTests
{
    [Fact]
    public async Task EachRunIsCountedByTypeResultAndContainerAndThePodsSeriesLeaveWithIt()
    {
        var probes = new ProbeResultCounters();
        using var registry = new MetricsRegistry();
        registry.Register(probes);

        probes.Record(ProbeKind.Readiness, ProbeResult.Failure, "web", "shop-0", "shop", "uid-a");
        probes.Record(ProbeKind.Readiness, ProbeResult.Failure, "web", "shop-0", "shop", "uid-a");
        probes.Record(ProbeKind.Readiness, ProbeResult.Success, "web", "shop-0", "shop", "uid-a");
        probes.Record(ProbeKind.Liveness, ProbeResult.Success, "web", "shop-0", "shop", "uid-a");
        probes.Record(ProbeKind.Startup, ProbeResult.Success, "db", "db-0", "data", "uid-b");

        var text = Scrape.Text(registry);
        Assert.Equal(
            """
            # HELP prober_probe_total Cumulative number of a liveness, readiness or startup probe for a container by result.
            # TYPE prober_probe_total counter
            prober_probe_total{container="db",namespace="data",pod="db-0",pod_uid="uid-b",probe_type="Startup",result="successful"} 1
            prober_probe_total{container="web",namespace="shop",pod="shop-0",pod_uid="uid-a",probe_type="Liveness",result="successful"} 1
            prober_probe_total{container="web",namespace="shop",pod="shop-0",pod_uid="uid-a",probe_type="Readiness",result="failed"} 2
            prober_probe_total{container="web",namespace="shop",pod="shop-0",pod_uid="uid-a",probe_type="Readiness",result="successful"} 1

            """, text);
        await Promtool.AssertMetricsCleanAsync(text);

        probes.ForgetPod("uid-a");
        Assert.DoesNotContain("uid-a", Scrape.Text(registry));
        Assert.Contains("pod_uid=\"uid-b\"", Scrape.Text(registry));

        probes.ForgetPod("uid-b");
        Assert.Equal("", Scrape.Text(registry));
    }
}
