using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Where an Ingress sends a request: one port of a Service in the Ingress's namespace. <see cref="Target"/> is
/// the service port as the forwarder takes it (its picker, its protocol, the Ingress for the metrics);
/// null when the service or port does not exist, and <see cref="Problem"/> then says so to the client.
/// </summary>
internal sealed record IngressBackend(string Namespace, string Ingress, string Service, string Port, ServicePortTarget? Target, string? Problem)
{
    public override string ToString() => $"{Namespace}/{Service}:{Port}";
}
