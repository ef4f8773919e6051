using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>leader_election_master_status{name}</c> for the leader-election Leases in kube-system (the
/// controller manager's and the scheduler's): 1 while the holder's renewal is current. Kubernetes'
/// components export this themselves; Obs's do not serve metrics, and the Lease is where the
/// leadership is decided, so the cluster-state endpoint reads it from there. Written afresh on each
/// scrape: whether a renewal is current depends on the time of the scrape.
/// </summary>
internal static class LeaseMetrics
{
    public const string Family = "leader_election_master_status";

    public static void Write(List<ClusterObject> leases, DateTimeOffset now, MetricsWriter writer)
    {
        writer.WriteHeader(Family, MetricFamilyType.Gauge, "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.");
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        foreach (var (_, lease) in leases)
        {
            if (!lease.Get("metadata"u8, "namespace"u8).Is("kube-system"u8)) continue;
            var spec = lease.Get("spec"u8);
            var renewed = spec.Get("renewTime"u8).UnixSeconds();
            var duration = spec.Get("leaseDurationSeconds"u8).NumberOr(15);
            var held = spec.Get("holderIdentity"u8).TryGetRawString(out var holder) && holder.Length > 0 && renewed is { } r && r + duration >= seconds;
            writer.BeginSample(Family).Label("name", lease.Get("metadata"u8, "name"u8)).Value(held ? 1L : 0L);
        }
    }
}
