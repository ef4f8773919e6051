namespace Obs.ServiceProxy.Configuration;

/// <summary>What the proxy should listen on and where each listener forwards: one snapshot of the cluster.</summary>
/// <param name="Conflicts">Listeners two services asked for; the first service (by namespace/name) keeps it.</param>
internal sealed record ProxyTable(IReadOnlyDictionary<ListenerKey, ServicePortTarget> Listeners, IReadOnlyList<string> Conflicts);
