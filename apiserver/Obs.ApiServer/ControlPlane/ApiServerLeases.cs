using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// The apiserver replicas' Leases in kube-system: each replica renews its own, and an unexpired
/// Lease is what puts a replica's address behind the <c>kubernetes</c> Service. Replicas over one
/// database agree on who is alive because they read the same Leases.
/// </summary>
public sealed class ApiServerLeases(ObjectRegistry registry, WatchCache cache)
{
    public const string Namespace = "kube-system";
    public const string IdentityLabel = "apiserver.kubernetes.io/identity";
    public const string IdentityValue = "kube-apiserver";

    /// <summary>Where the replica serves, <c>address:port</c>: kube-apiserver's identity Leases do not say, and the endpoints need it.</summary>
    public const string EndpointAnnotation = "obs.dev/apiserver-endpoint";

    internal static readonly WriteOptions Writes = new() { FieldManager = "obs-apiserver" };

    /// <summary>Creates or renews this replica's Lease; returns the revision written.</summary>
    public async Task<long> RenewAsync(ApiServerIdentity identity, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonObject written;
        try
        {
            written = await registry.ModifyAsync(ResourceTypes.Lease, Namespace, identity.LeaseName, null,
                lease => Renewed(lease, identity, duration, now), Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            written = await registry.CreateAsync(ResourceTypes.Lease, Namespace, Renewed(new JsonObject(), identity, duration, now), Writes, cancellationToken);
        }
        return long.Parse(ObjectMeta.ResourceVersion(written)!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes this replica's Lease (it is stopping); one already gone is fine.</summary>
    public async Task ReleaseAsync(ApiServerIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            await registry.DeleteAsync(ResourceTypes.Lease, Namespace, identity.LeaseName, new DeleteOptions(), cancellationToken);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    /// <summary>Every replica's Lease as this apiserver's watch cache has it.</summary>
    public List<ApiServerLease> All()
    {
        var filter = SelectorFilters.Build(ResourceTypes.Lease, Namespace, $"{IdentityLabel}={IdentityValue}", null);
        return cache.List(ResourceTypes.Lease.GroupResource, filter).Items.Select(o => ApiServerLease.From(o.ToMutable())).ToList();
    }

    /// <summary>
    /// Deletes the Leases of replicas that stopped without saying so (a crash), once they have been
    /// expired for a whole further duration; the resourceVersion precondition spares one renewed meanwhile.
    /// </summary>
    public async Task<int> CollectExpiredAsync(TimeSpan grace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var collected = 0;
        foreach (var lease in All().Where(l => l.ExpiresAt + grace < now))
        {
            try
            {
                await registry.DeleteAsync(ResourceTypes.Lease, Namespace, lease.Name, new DeleteOptions { PreconditionResourceVersion = lease.ResourceVersion }, cancellationToken);
                collected++;
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
            }
        }
        return collected;
    }

    private static JsonObject Renewed(JsonObject lease, ApiServerIdentity identity, TimeSpan duration, DateTimeOffset now)
    {
        lease["apiVersion"] = ResourceTypes.Lease.ApiVersion;
        lease["kind"] = ResourceTypes.Lease.Kind;
        var meta = lease.Ensure("metadata");
        meta["name"] = identity.LeaseName;
        meta["namespace"] = Namespace;
        var labels = meta.Ensure("labels");
        labels[IdentityLabel] = IdentityValue;
        labels["kubernetes.io/hostname"] = identity.Host;
        meta.Ensure("annotations")[EndpointAnnotation] = identity.Endpoint.ToString();
        var spec = lease.Ensure("spec");
        spec["holderIdentity"] = identity.Holder;
        spec["leaseDurationSeconds"] = (long)Math.Ceiling(duration.TotalSeconds);
        spec["renewTime"] = Timestamps.FormatMicro(now);
        return lease;
    }
}
