using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.ControlPlane;
using Obs.ApiServer.Http;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Services;

/// <summary>
/// Hands Services their cluster IP and node ports, and takes them back. Values a write reserves
/// are listed in a <see cref="ServiceReservations"/> so the registry can release them when the
/// write itself fails; values the stored Service stops holding are released after the write.
/// </summary>
public sealed class ServiceAllocator(ServiceAllocationStore store, ServiceIpRange ips, NodePortRange nodePorts)
{
    // Random picks that collide are retried this often before reading every used value once.
    private const int RandomAttempts = 16;

    private readonly Random _random = new();

    public ServiceIpRange IpRange => ips;

    /// <summary>
    /// Fills in and reserves what <paramref name="service"/> needs that <paramref name="old"/> (the
    /// stored Service, null on create) does not already hold. Throws 422 naming the field when a
    /// requested value is out of range or taken, after releasing whatever it reserved.
    /// </summary>
    public async Task<ServiceReservations> AllocateAsync(JsonObject service, JsonObject? old, CancellationToken cancellationToken)
    {
        var reservations = new ServiceReservations(ObjectMeta.Uid(service) ?? "");
        var errors = new List<FieldError>();
        var held = ServiceAddresses.Held(old).ToHashSet();
        var ns = ObjectMeta.Namespace(service) ?? "";
        var name = ObjectMeta.Name(service) ?? "";
        try
        {
            await AllocateClusterIpAsync(service, held, ns, name, reservations, errors, cancellationToken);
            if (ServiceAddresses.WantsNodePorts(service))
                await AllocateNodePortsAsync(service, held, ns, name, reservations, errors, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(reservations, CancellationToken.None);
            throw;
        }
        if (errors.Count == 0) return reservations;
        await ReleaseAsync(reservations, CancellationToken.None);
        throw ApiErrors.Invalid(ResourceTypes.Service, name, errors);
    }

    /// <summary>Gives back what one write reserved (the write did not happen).</summary>
    public Task ReleaseAsync(ServiceReservations reservations, CancellationToken cancellationToken) =>
        ReleaseAsync(reservations.Made, reservations.Uid, cancellationToken);

    /// <summary>Gives back what <paramref name="old"/> held and <paramref name="now"/> (null: deleted) no longer does.</summary>
    public Task ReleaseUnheldAsync(JsonObject old, JsonObject? now, CancellationToken cancellationToken)
    {
        var still = ServiceAddresses.Held(now).ToHashSet();
        return ReleaseAsync(ServiceAddresses.Held(old).Where(h => !still.Contains(h)).ToList(), ObjectMeta.Uid(old) ?? "", cancellationToken);
    }

    private async Task ReleaseAsync(IReadOnlyCollection<(string Kind, string Value)> values, string uid, CancellationToken cancellationToken)
    {
        foreach (var kind in values.GroupBy(v => v.Kind))
            await store.ReleaseAsync(kind.Key, kind.Select(v => v.Value).ToList(), uid, cancellationToken);
    }

    private async Task AllocateClusterIpAsync(JsonObject service, HashSet<(string, string)> held, string ns, string name,
        ServiceReservations reservations, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (ServiceAddresses.Type(service) == "ExternalName") return;
        var spec = service.Ensure("spec");
        var requested = spec.StringAt("clusterIP");
        if (requested == "None") return;
        if (string.IsNullOrEmpty(requested))
        {
            // The first address is never handed out: it is the kubernetes Service's.
            var picked = await PickAsync(ServiceAllocation.ClusterIp, ips.DynamicOrder(_random).Where(o => o != 0).Select(o => ips.At(o).ToString()),
                ns, name, reservations, cancellationToken);
            if (picked is null)
            {
                errors.Add(FieldError.Invalid("spec.clusterIPs", new JsonArray(), $"failed to allocate a serviceIP: range is full ({ips.Cidr})"));
                return;
            }
            spec["clusterIP"] = picked;
            spec["clusterIPs"] = new JsonArray(picked);
            return;
        }
        if (held.Contains((ServiceAllocation.ClusterIp, requested))) return;
        var failure = !IPAddress.TryParse(requested, out var address) || !ips.Contains(address)
            ? $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {ips.Cidr}"
            : address.Equals(ips.First) && !KubernetesServiceObjects.Is(ns, name)
                ? $"failed to allocate IP {requested}: provided IP is reserved for the kubernetes Service of the default namespace"
            : await ReserveAsync(ServiceAllocation.ClusterIp, requested, ns, name, reservations, cancellationToken)
                ? null
                : $"failed to allocate IP {requested}: provided IP is already allocated";
        if (failure is not null) errors.Add(FieldError.Invalid("spec.clusterIPs", new JsonArray(requested), failure));
    }

    private async Task AllocateNodePortsAsync(JsonObject service, HashSet<(string, string)> held, string ns, string name,
        ServiceReservations reservations, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var index = 0;
        foreach (var port in ServiceAddresses.Ports(service))
        {
            var path = $"spec.ports[{index++}].nodePort";
            var requested = port.LongAt("nodePort") ?? 0;
            if (requested == 0)
            {
                var picked = await PickAsync(ServiceAllocation.NodePort, nodePorts.RandomOrder(_random).Select(p => ServiceAddresses.NodePortValue(p)),
                    ns, name, reservations, cancellationToken);
                if (picked is null) errors.Add(FieldError.Invalid(path, 0, $"failed to allocate a nodePort: range is full ({nodePorts.Text})"));
                else port["nodePort"] = int.Parse(picked, System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            var value = ServiceAddresses.NodePortValue(requested);
            if (held.Contains((ServiceAllocation.NodePort, value))) continue;
            if (!nodePorts.Contains(requested))
                errors.Add(FieldError.Invalid(path, requested, $"provided port is not in the valid range. The range of valid ports is {nodePorts.Text}"));
            else if (!await ReserveAsync(ServiceAllocation.NodePort, value, ns, name, reservations, cancellationToken))
                errors.Add(FieldError.Invalid(path, requested, "provided port is already allocated"));
        }
    }

    /// <summary>
    /// The first candidate that can be reserved: a few random tries (cheap while the range is
    /// sparse), then one read of every used value and the first candidate not among them.
    /// </summary>
    private async Task<string?> PickAsync(string kind, IEnumerable<string> candidates, string ns, string name,
        ServiceReservations reservations, CancellationToken cancellationToken)
    {
        HashSet<string>? used = null;
        var tries = 0;
        foreach (var candidate in candidates)
        {
            if (tries++ == RandomAttempts) used = await store.UsedAsync(kind, cancellationToken);
            if (used is not null && used.Contains(candidate)) continue;
            if (await ReserveAsync(kind, candidate, ns, name, reservations, cancellationToken)) return candidate;
        }
        return null;
    }

    private async Task<bool> ReserveAsync(string kind, string value, string ns, string name, ServiceReservations reservations, CancellationToken cancellationToken)
    {
        if (reservations.Made.Contains((kind, value))) return true; // one node port for a TCP and a UDP port of this Service
        if (!await store.TryReserveAsync(kind, value, ns, name, reservations.Uid, cancellationToken)) return false;
        reservations.Made.Add((kind, value));
        return true;
    }
}
