using System.Text.Json.Nodes;

namespace Obs.Api.Objects;

/// <summary>
/// Until when a <c>coordination.k8s.io/v1 Lease</c> counts as held, by its own fields: renewTime plus
/// leaseDurationSeconds. Readers that judge a Lease by the times written in it (component health, the
/// apiserver Leases) use this. Leader election does not: as client-go does, it measures the duration on its
/// own clock from when it saw the record change, so a skewed clock on the holder cannot keep it leader.
/// </summary>
public static class LeaseExpiry
{
    /// <summary>
    /// renewTime + leaseDurationSeconds, with <paramref name="durationIfUnset"/> when the Lease gives no
    /// duration; null when it was never renewed (no or unreadable renewTime).
    /// </summary>
    public static DateTimeOffset? ExpiresAt(JsonObject lease, TimeSpan durationIfUnset)
    {
        if (Timestamps.Parse(lease.StringAt("spec", "renewTime")) is not { } renewed) return null;
        var seconds = lease.LongAt("spec", "leaseDurationSeconds");
        return renewed + (seconds is { } s ? TimeSpan.FromSeconds(s) : durationIfUnset);
    }

    /// <summary>Whether the Lease has lapsed at <paramref name="now"/>: never renewed, or its duration over.</summary>
    public static bool IsExpired(JsonObject lease, DateTimeOffset now, TimeSpan durationIfUnset) =>
        ExpiresAt(lease, durationIfUnset) is not { } expires || expires < now;
}
