using System.Buffers;
using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>leader_election_master_status{name}</c> for the leader-election Leases in kube-system (the
/// controller manager's and the scheduler's): 1 while the holder's renewal is current. Kubernetes'
/// components export this themselves; Obs's do not serve metrics, and the Lease is where the
/// leadership is decided, so the cluster-state endpoint reads it from there. Whether a renewal is
/// current depends on the time of the scrape, so what is kept per version of a Lease
/// (<see cref="RenderedVersions{T}"/>) is its line up to the value and the time its renewal runs out;
/// the node Leases (one per node, in kube-node-lease) are kept as giving no line.
/// </summary>
internal sealed class LeaseMetrics
{
    public const string Family = "leader_election_master_status";

    private readonly ArrayBufferWriter<byte> buffer = new(256);
    private readonly MetricsWriter lineWriter;
    private readonly RenderedVersions<RenderedLease> versions;
    private readonly List<RenderedLease> leases = [];

    public LeaseMetrics()
    {
        lineWriter = new MetricsWriter(buffer);
        versions = new(Render);
    }

    public void Write(List<ClusterObject> source, DateTimeOffset now, MetricsWriter writer)
    {
        writer.WriteHeader(Family, MetricFamilyType.Gauge, "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.");
        versions.Refresh(source, leases);
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        foreach (var lease in leases)
        {
            if (lease.LineStart is not { } start) continue;
            var span = writer.Output.GetSpan(start.Length + 2);
            start.CopyTo(span);
            span[start.Length] = lease.HeldUntil >= seconds ? (byte)'1' : (byte)'0';
            span[start.Length + 1] = (byte)'\n';
            writer.Output.Advance(start.Length + 2);
        }
        leases.Clear();
    }

    private RenderedLease Render(JsonElement lease)
    {
        if (!lease.Get("metadata"u8, "namespace"u8).Is("kube-system"u8)) return default;
        var spec = lease.Get("spec"u8);
        var renewed = spec.Get("renewTime"u8).UnixSeconds();
        var duration = spec.Get("leaseDurationSeconds"u8).NumberOr(15);
        var held = spec.Get("holderIdentity"u8).TryGetRawString(out var holder) && holder.Length > 0 && renewed is not null;

        // The line with a value written and cut off again: the name label escaped as every label is.
        buffer.ResetWrittenCount();
        lineWriter.BeginSuffixedSample(Family, "").Label("name", lease.Get("metadata"u8, "name"u8)).Value(0L);
        return new(buffer.WrittenSpan[..^"0\n".Length].ToArray(), held ? renewed!.Value + duration : double.NegativeInfinity);
    }

    /// <param name="LineStart">The line up to its value (<c>leader_election_master_status{name="…"} </c>); null for a Lease outside kube-system.</param>
    /// <param name="HeldUntil">The Unix time the holder's renewal runs out; -∞ when nobody holds the Lease.</param>
    private readonly record struct RenderedLease(byte[]? LineStart, double HeldUntil);
}
