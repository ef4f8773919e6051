using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.ControlPlane;

/// <summary>One apiserver's Lease as read back: where that apiserver is and until when it counts as alive.</summary>
public sealed record ApiServerLease(string Name, string ResourceVersion, ApiServerEndpoint? Endpoint, DateTimeOffset ExpiresAt)
{
    public static ApiServerLease From(JsonObject lease)
    {
        var renewed = Timestamps.Parse(lease.StringAt("spec", "renewTime")) ?? DateTimeOffset.MinValue;
        var duration = lease.LongAt("spec", "leaseDurationSeconds") ?? 0;
        return new ApiServerLease(ObjectMeta.Name(lease) ?? "", ObjectMeta.ResourceVersion(lease) ?? "",
            ApiServerEndpoint.Parse(lease.StringAt("metadata", "annotations", ApiServerLeases.EndpointAnnotation)),
            renewed == DateTimeOffset.MinValue ? renewed : renewed.AddSeconds(duration));
    }
}
