using System.Text.Json;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.ClusterState;

/// <summary>A Lease's line is kept by version, and its value still follows the time of each scrape.</summary>
public sealed class LeaseMetricsTests
{
    private static readonly DateTimeOffset Renewed = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static JsonElement Lease(string name, string holder, DateTimeOffset renewed, string ns = "kube-system") => JsonDocument.Parse(
        $$$"""{"metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}"}, "spec": {"holderIdentity": "{{{holder}}}", "leaseDurationSeconds": 15, "renewTime": "{{{renewed:yyyy-MM-ddTHH:mm:ss.ffffffZ}}}"}}""").RootElement;

    private static string[] Lines(string text) =>
        [.. text.Split('\n').Where(line => line.StartsWith(LeaseMetrics.Family + "{", StringComparison.Ordinal))];

    [Fact]
    public void RenewedLeaseShowsItsHolderAsMasterAgain()
    {
        var clock = new MovableTime(Renewed.AddMinutes(5));
        var source = new FixtureClusterState().With(ClusterStateResources.Leases, [Lease("obs-scheduler", "host-a", Renewed)]);
        var collector = new ClusterStateCollector(source, clock);
        Assert.Equal(["leader_election_master_status{name=\"obs-scheduler\"} 0"], Lines(Rendered.Text(collector.Collect)));

        source.Replace(ClusterStateResources.Leases, 0, Lease("obs-scheduler", "host-b", Renewed.AddMinutes(5)));

        Assert.Equal(["leader_election_master_status{name=\"obs-scheduler\"} 1"], Lines(Rendered.Text(collector.Collect)));
    }

    [Fact]
    public void LeaseAtAnUnchangedVersionIsNotReadAgain()
    {
        var clock = new MovableTime(Renewed.AddSeconds(5));
        var source = new FixtureClusterState().With(ClusterStateResources.Leases, [Lease("obs-scheduler", "host-a", Renewed)]);
        var collector = new ClusterStateCollector(source, clock);
        Rendered.Text(collector.Collect);

        // The version promises the Lease is unchanged: what was read from it before still stands.
        source.Replace(ClusterStateResources.Leases, 0, Lease("obs-scheduler", "", Renewed), sameVersion: true);

        Assert.Equal(["leader_election_master_status{name=\"obs-scheduler\"} 1"], Lines(Rendered.Text(collector.Collect)));
    }

    [Fact]
    public void UnchangedLeaseRunsOutWhenItsRenewalDoes()
    {
        var clock = new MovableTime(Renewed.AddSeconds(15));
        var source = new FixtureClusterState().With(ClusterStateResources.Leases,
            [Lease("obs-scheduler", "host-a", Renewed), Lease("node-a", "node-a", Renewed, "kube-node-lease")]);
        var collector = new ClusterStateCollector(source, clock);
        Assert.Equal(["leader_election_master_status{name=\"obs-scheduler\"} 1"], Lines(Rendered.Text(collector.Collect)));

        clock.Now = Renewed.AddSeconds(16);

        Assert.Equal(["leader_election_master_status{name=\"obs-scheduler\"} 0"], Lines(Rendered.Text(collector.Collect)));
    }

    private sealed class MovableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
