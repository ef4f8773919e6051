using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Ingress;

/// <summary>
/// Reports where Obs's Ingresses are reachable: every node agent serves them on its node's addresses, so
/// <c>status.loadBalancer.ingress</c> lists the InternalIPs of the Ready nodes, sorted, one <c>ip</c> each
/// (what <c>kubectl get ingress</c> shows as ADDRESS). One writer for the whole cluster, running in the
/// controller manager rather than in every agent; it writes only when the list differs. An Ingress that
/// moves to another class (or whose class stops being Obs's) loses the addresses Obs wrote, so that
/// <c>kubectl get ingress</c> no longer shows where Obs served it; addresses another controller wrote stay.
/// </summary>
public sealed class IngressStatusController : QueueController
{
    private readonly Lister _ingresses;
    private readonly Lister _classes;
    private readonly Lister _nodes;
    private readonly IObjectControl _control;

    internal IngressStatusController(Lister ingresses, Lister classes, Lister nodes, IObjectControl control, ILogger logger)
        : base("ingress-status", logger)
    {
        _ingresses = ingresses;
        _classes = classes;
        _nodes = nodes;
        _control = control;
    }

    public static IngressStatusController Create(SharedInformers informers, IObjectControl control, ILogger logger)
    {
        var ingresses = informers.For(ResourceTypes.Ingress);
        var classes = informers.For(ResourceTypes.IngressClass);
        var nodes = informers.For(ResourceTypes.Node);
        var controller = new IngressStatusController(ingresses.Lister, classes.Lister, nodes.Lister, control, logger);
        controller.WaitFor(ingresses, classes, nodes);
        ingresses.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        // A class made (or no longer) the default changes which Ingresses are Obs's.
        classes.AddHandler(new InformerHandler(_ => controller.EnqueueAll(), (_, _) => controller.EnqueueAll(), _ => controller.EnqueueAll()));
        // Nodes write their status every few seconds: only a change of readiness or address concerns Ingresses.
        nodes.AddHandler(new InformerHandler(
            _ => controller.EnqueueAll(),
            (old, node) =>
            {
                if (!Addresses([old]).SequenceEqual(Addresses([node]), StringComparer.Ordinal)) controller.EnqueueAll();
            },
            _ => controller.EnqueueAll()));
        return controller;
    }

    private void EnqueueAll()
    {
        foreach (var ingress in _ingresses.List()) Enqueue(ObjectKeys.KeyOf(ingress));
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var ingress = _ingresses.Get(key);
        if (ingress is null) return;
        var current = ingress.At("status", "loadBalancer", "ingress") as JsonArray ?? [];
        JsonArray wanted;
        if (ObsIngressClass.Selector(_classes.List())(ingress))
        {
            wanted = new JsonArray([.. Addresses(_nodes.List()).Select(ip => (JsonNode)new JsonObject { ["ip"] = ip })]);
        }
        else
        {
            if (current.Count == 0 || !WrittenByObs(current)) return;
            wanted = [];
        }
        if (JsonNode.DeepEquals(current, wanted)) return;

        var updated = (JsonObject)ingress.DeepClone();
        var loadBalancer = updated.Ensure("status", "loadBalancer");
        if (wanted.Count == 0) loadBalancer.Remove("ingress");
        else loadBalancer["ingress"] = wanted;
        await _control.UpdateStatusAsync(ResourceTypes.Ingress, updated, cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="entries"/> look like what this controller writes: only <c>ip</c> entries, each an
    /// InternalIP of a node of the cluster (ready or not; a controller running elsewhere reports addresses of its
    /// own load balancer, or hostnames). Read from the objects rather than remembered, so a restarted controller
    /// manager still clears what its predecessor wrote.
    /// </summary>
    private bool WrittenByObs(JsonArray entries)
    {
        var nodeIps = new HashSet<IPAddress>();
        foreach (var node in _nodes.List())
        {
            foreach (var address in (node.At("status", "addresses") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (address.StringAt("type") == "InternalIP" && IPAddress.TryParse(address.StringAt("address"), out var ip)) nodeIps.Add(ip);
            }
        }
        return entries.All(e => e is JsonObject entry && entry.Count == 1 && IPAddress.TryParse(entry.StringAt("ip"), out var ip) && nodeIps.Contains(ip));
    }

    /// <summary>The InternalIPs of the Ready nodes among <paramref name="nodes"/> that are not being deleted: distinct, IPv4 before IPv6, in address order.</summary>
    internal static IReadOnlyList<string> Addresses(IEnumerable<JsonObject> nodes)
    {
        var addresses = new List<IPAddress>();
        foreach (var node in nodes)
        {
            if (ObjectMeta.DeletionTimestamp(node) is not null) continue;
            var ready = (node.At("status", "conditions") as JsonArray)?.OfType<JsonObject>()
                .Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True") ?? false;
            if (!ready) continue;
            foreach (var address in (node.At("status", "addresses") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (address.StringAt("type") == "InternalIP" && IPAddress.TryParse(address.StringAt("address"), out var ip) && !addresses.Contains(ip)) addresses.Add(ip);
            }
        }
        return [.. addresses
            .OrderBy(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1)
            .ThenBy(ip => ip.GetAddressBytes(), ByteOrder.Instance)
            .Select(ip => ip.ToString())];
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
    }
}
