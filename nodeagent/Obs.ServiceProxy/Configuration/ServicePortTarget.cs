using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Routing;

namespace Obs.ServiceProxy.Configuration;

/// <summary>
/// Where a listener sends what it accepts: one port of one service. Rebuilt whole on every change and
/// swapped into the listener; the <see cref="Picker"/> lives on across rebuilds so that round robin and
/// session affinity carry over.
/// </summary>
internal sealed record ServicePortTarget(
    string Namespace,
    string Service,
    string PortName,
    int Port,
    ProxyProtocol Protocol,
    EndpointPicker Picker,
    RouteTable? Routes)
{
    /// <summary>The Ingress a request came through (ingress proxy only): its requests are counted under it too.</summary>
    public string? Ingress { get; init; }

    public override string ToString() => $"{Namespace}/{Service}:{(PortName.Length > 0 ? PortName : Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}
