using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Client.LeaderElection;

/// <summary>The spec of a <c>coordination.k8s.io/v1 Lease</c> as leader election reads and writes it.</summary>
internal sealed record LeaseRecord(string HolderIdentity, int LeaseDurationSeconds, string? AcquireTime, string? RenewTime, int LeaseTransitions)
{
    public static LeaseRecord From(JsonObject lease) => new(
        lease.StringAt("spec", "holderIdentity") ?? "",
        (int)(lease.LongAt("spec", "leaseDurationSeconds") ?? 0),
        lease.StringAt("spec", "acquireTime"),
        lease.StringAt("spec", "renewTime"),
        (int)(lease.LongAt("spec", "leaseTransitions") ?? 0));

    public JsonObject ToSpec()
    {
        var spec = new JsonObject { ["leaseDurationSeconds"] = LeaseDurationSeconds, ["leaseTransitions"] = LeaseTransitions };
        // An empty holder is left out, as client-go does when it releases a Lease.
        if (HolderIdentity.Length > 0) spec["holderIdentity"] = HolderIdentity;
        if (AcquireTime is not null) spec["acquireTime"] = AcquireTime;
        if (RenewTime is not null) spec["renewTime"] = RenewTime;
        return spec;
    }

    /// <summary>MicroTime: RFC 3339 with microseconds, in UTC.</summary>
    public static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
