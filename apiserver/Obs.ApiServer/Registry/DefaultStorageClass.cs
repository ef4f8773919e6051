using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Registry;

/// <summary>
/// The <c>local-path</c> StorageClass every cluster starts with (a directory on the node the pod
/// lands on, made once the scheduler has chosen it), and the DefaultStorageClass admission step:
/// a claim that names no class gets the default one.
/// </summary>
public static class DefaultStorageClass
{
    public const string Name = "local-path";
    public const string Provisioner = StorageAnnotations.LocalPathProvisioner;
    public const string DefaultAnnotation = "storageclass.kubernetes.io/is-default-class";
    private const string BetaDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

    public static JsonObject Object() => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject { ["name"] = Name, ["annotations"] = new JsonObject { [DefaultAnnotation] = "true" } },
        ["provisioner"] = Provisioner,
        ["reclaimPolicy"] = "Delete",
        ["volumeBindingMode"] = "WaitForFirstConsumer",
    };

    /// <summary>
    /// Creates the class unless it exists. Made once, before the system namespaces (so a client that
    /// waits for those finds it too); an administrator who deletes or replaces it is not overruled.
    /// </summary>
    public static Task EnsureAsync(ObjectRegistry registry, CancellationToken cancellationToken) =>
        EnsureClusterObjectAsync(registry, ResourceTypes.StorageClass, Object(), cancellationToken);

    /// <summary>Creates a cluster-scoped object every cluster starts with unless one of its name exists (the IngressClass <c>obs</c> too).</summary>
    public static async Task EnsureClusterObjectAsync(ObjectRegistry registry, ResourceType type, JsonObject obj, CancellationToken cancellationToken)
    {
        var name = ObjectMeta.Name(obj)!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!await registry.ExistsAsync(type, null, name, cancellationToken))
                    await registry.CreateAsync(type, null, obj, new WriteOptions { FieldManager = "obs-apiserver" }, cancellationToken);
                return;
            }
            catch (ApiException e) when (e.Code == 409)
            {
                return; // another apiserver made it first
            }
            catch (Npgsql.NpgsqlException) when (attempt < 20)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A claim with no <c>spec.storageClassName</c> at all (an empty one asks for no class) and no
    /// beta class annotation gets the default class; with several defaults, the newest wins, as in Kubernetes.
    /// </summary>
    public static void Admit(WatchCache cache, JsonObject claim)
    {
        if (claim["spec"] is not JsonObject spec || spec.ContainsKey("storageClassName") && spec["storageClassName"] is not null) return;
        if (ObjectMeta.Annotations(claim).Any(a => a.Key == StorageAnnotations.BetaStorageClass)) return;
        var defaults = cache.List(ResourceTypes.StorageClass.GroupResource, WatchFilter.Everything).Items
            .Select(c => c.ToMutable())
            .Where(c => ObjectMeta.Annotations(c).Any(a => a.Key is DefaultAnnotation or BetaDefaultAnnotation && a.Value == "true"))
            .OrderByDescending(c => c.StringAt("metadata", "creationTimestamp"), StringComparer.Ordinal)
            .ThenBy(c => ObjectMeta.Name(c), StringComparer.Ordinal)
            .FirstOrDefault();
        if (defaults is not null) spec["storageClassName"] = ObjectMeta.Name(defaults);
    }
}
