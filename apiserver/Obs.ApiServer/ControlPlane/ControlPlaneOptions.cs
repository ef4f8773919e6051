using System.Net;

namespace Obs.ApiServer.ControlPlane;

/// <summary>How this apiserver publishes itself behind the <c>kubernetes</c> Service of the <c>default</c> namespace.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>
    /// The address the EndpointSlice lists for this apiserver. Null: the listen address when it is
    /// one IPv4 address, else the host's first non-loopback IPv4 address.
    /// </summary>
    public IPAddress? AdvertiseAddress { get; init; }

    /// <summary>How long this apiserver's Lease counts it as alive without a renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the Lease is renewed and the Service and its endpoints are checked and repaired.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(5);
}
