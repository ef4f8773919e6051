using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.ControlPlane;

/// <summary>One apiserver's Lease as read back: where that apiserver is and until when it counts as alive.</summary>
public sealed record ApiServerLease(string Name, string ResourceVersion, ApiServerEndpoint? Endpoint, DateTimeOffset ExpiresAt)
{
    /// <summary>A Lease never renewed has expired already; one without a duration expires as it is renewed.</summary>
    public static ApiServerLease From(JsonObject lease) =>
        new(ObjectMeta.Name(lease) ?? "", ObjectMeta.ResourceVersion(lease) ?? "",
            ApiServerEndpoint.Parse(lease.StringAt("metadata", "annotations", ApiServerLeases.EndpointAnnotation)),
            LeaseExpiry.ExpiresAt(lease, TimeSpan.Zero) ?? DateTimeOffset.MinValue);
}
