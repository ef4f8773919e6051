using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Apply;
using Obs.Api.CustomResources;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Schema;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Services;
using Obs.ApiServer.Storage;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Registry;

/// <summary>
/// The verbs on stored objects, independent of HTTP: create, update (whole or by a patch
/// function), delete and get, each ending in one compare-and-swap write. Objects are returned
/// with their resourceVersion set.
/// </summary>
public sealed class ObjectRegistry(ObjectStore store, WatchCache cache, ObjectAdmission admission, ServiceAccountAdmission serviceAccounts, ServiceAllocator services, TimeProvider time,
    Auth.Rbac.RbacAuthorizer authorizer, WebhookAdmission webhooks)
{
    private readonly Auth.Rbac.RbacEscalation _escalation = new(authorizer);
    private readonly NamespaceLiveLookup _namespaceLiveLookup = new(time);
    private readonly PriorityAdmission _priorities = new(store, cache);
    private readonly LimitRangeAdmission _limitRanges = new(cache);
    private readonly QuotaAdmission _quotas = new(store, cache, time);

    private const int PatchAttempts = 5;

    public static ObjectKey KeyOf(ResourceType type, string? ns, string name) => new(type.GroupResource, type.Namespaced ? ns ?? "" : "", name);

    public async Task<JsonObject> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(KeyOf(type, ns, name), cancellationToken) ?? throw ApiErrors.NotFound(type, name);
        return Materialize(stored);
    }

    public async Task<JsonObject> CreateAsync(ResourceType type, string? ns, JsonObject obj, WriteOptions options, CancellationToken cancellationToken) =>
        (await CreateStoredAsync(type, ns, obj, options, cancellationToken)).Object;

    /// <summary>
    /// <see cref="CreateAsync"/>, also handing back the JSON as stored (none for a dry run), from which a response can be
    /// written without serializing the object again (<see cref="ResponseWriter.WriteStoredAsync"/>).
    /// </summary>
    public async Task<CreatedObject> CreateStoredAsync(ResourceType type, string? ns, JsonObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        var meta = obj.Ensure("metadata");
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
            await RequireNamespaceAsync(ns!, cancellationToken);
            if (type == ResourceTypes.Pod)
            {
                await serviceAccounts.AdmitAsync(ns!, obj, cancellationToken);
                await _priorities.AdmitPodAsync(obj, cancellationToken);
            }
        }
        else meta.Remove("namespace");
        if (type == ResourceTypes.PriorityClass) _priorities.AdmitClass(obj);

        var generateName = meta["generateName"]?.GetValue<string>();
        var generated = string.IsNullOrEmpty(ObjectMeta.Name(obj)) && !string.IsNullOrEmpty(generateName);
        for (var attempt = 0; ; attempt++)
        {
            if (generated) meta["name"] = NameGenerator.Generate(generateName!);
            var name = ObjectMeta.Name(obj) ?? "";
            ObjectRules.PrepareForCreate(type, obj, time.GetUtcNow());
            admission.Default(type, obj);
            if (type == ResourceTypes.PersistentVolumeClaim) DefaultStorageClass.Admit(cache, obj);
            if (type.Namespaced) _limitRanges.Admit(type, ns!, obj);
            // Admission webhooks: the mutating ones before validation (a patched object is defaulted again), the validating ones after it.
            AdmissionAttributes Attributes() => AdmissionAttributes.ForCreate(type, options.Served, ns, obj, options.DryRun, options.Request);
            if (webhooks.MutatesAny(type) && await webhooks.MutateAsync(Attributes(), cancellationToken, patched => admission.Default(type, patched))) admission.Default(type, obj);
            name = ObjectMeta.Name(obj) ?? "";
            var errors = admission.ValidateCreate(options.Served ?? type, obj);
            if (errors.Count > 0) throw ApiErrors.Invalid(options.Served ?? type, name, errors);
            if (options.User is { } creator) _escalation.Check(type, ns, obj, creator);
            if (!options.ManagedFieldsRecorded)
                ManagedFieldsTracker.RecordCreate(obj, options.FieldManager, ApiSchema.Default.MergeSchemaFor(type), time.GetUtcNow());
            if (webhooks.ValidatesAny(type)) await webhooks.ValidateAsync(Attributes(), cancellationToken);
            // Last before the write: the charge is made only for an object that is otherwise sure to be stored.
            if (type.Namespaced) await _quotas.AdmitAsync(type, ns!, obj, null, charge: !options.DryRun, cancellationToken);
            if (options.DryRun) return new CreatedObject(obj, null, 0);

            var reserved = type == ResourceTypes.Service ? await services.AllocateAsync(obj, null, cancellationToken) : null;
            WriteResult result;
            var json = StoredJson.Serialize(obj);
            try
            {
                result = await store.CreateAsync(KeyOf(type, ns, name), json, cancellationToken);
            }
            catch
            {
                await ReleaseQuietlyAsync(reserved);
                throw;
            }
            if (result.Status == WriteStatus.Written)
            {
                CachedObject.SetResourceVersion(obj, result.Revision);
                if (type == ResourceTypes.Namespace) await CreateDefaultAccountAsync(name, cancellationToken);
                return new CreatedObject(obj, json, result.Revision);
            }
            await ReleaseQuietlyAsync(reserved);
            // A generated name that collides is retried with another suffix, as Kubernetes does.
            if (!generated || attempt >= 3) throw ApiErrors.AlreadyExists(type, name);
        }
    }

    /// <summary>
    /// Replaces the object with <paramref name="proposed"/> (PUT). The proposed resourceVersion,
    /// when given, must be the stored one.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(ResourceType type, string? ns, string name, string? subresource, JsonObject proposed, WriteOptions options, CancellationToken cancellationToken)
    {
        var key = KeyOf(type, ns, name);
        var stored = await store.GetAsync(key, cancellationToken) ?? throw ApiErrors.NotFound(type, name);
        RequireResourceVersion(type, name, proposed, stored.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await WriteUpdateAsync(type, key, stored, proposed, subresource, options, cancellationToken);
        return result ?? throw ApiErrors.Modified(type, name);
    }

    /// <summary>
    /// A resourceVersion the client put in the object (PUT), a patch or an applied configuration is a
    /// precondition, as in Kubernetes: it must be <paramref name="current"/>, else 409 Conflict.
    /// </summary>
    public static void RequireResourceVersion(ResourceType type, string name, JsonObject proposed, string? current)
    {
        var wanted = ObjectMeta.ResourceVersion(proposed);
        if (!string.IsNullOrEmpty(wanted) && wanted != current) throw ApiErrors.Modified(type, name);
    }

    /// <summary>
    /// Read-modify-write: <paramref name="change"/> turns the stored object into the proposed one;
    /// on a concurrent write it runs again on the newer object, as Kubernetes retries patches.
    /// </summary>
    public async Task<JsonObject> ModifyAsync(ResourceType type, string? ns, string name, string? subresource, Func<JsonObject, JsonObject> change, WriteOptions options, CancellationToken cancellationToken)
    {
        var key = KeyOf(type, ns, name);
        for (var attempt = 0; attempt < PatchAttempts; attempt++)
        {
            var stored = await store.GetAsync(key, cancellationToken) ?? throw ApiErrors.NotFound(type, name);
            var proposed = change(Materialize(stored));
            var result = await WriteUpdateAsync(type, key, stored, proposed, subresource, options, cancellationToken);
            if (result is not null) return result;
        }
        throw ApiErrors.Modified(type, name);
    }

    /// <summary>
    /// <c>pods/NAME/binding</c>: puts the pod on <paramref name="node"/>, once. The stored pod gets
    /// <c>spec.nodeName</c> and PodScheduled=True and nothing else, so the general update is left out: the pod
    /// was defaulted and validated when it was created, and the binding's managedFields change is known
    /// (<see cref="NodeNameField"/>). Still one compare-and-swap, retried on a concurrent write, and group-committed with the
    /// other bindings that come meanwhile (<see cref="ObjectStore.UpdateGroupedAsync"/>).
    /// The pod is read from the watch cache first, where the scheduler saw it: a stale copy costs a failed
    /// compare-and-swap, and a refusal is only given from the database's copy.
    /// </summary>
    public async Task BindAsync(ResourceType type, string? ns, string name, string node, WriteOptions options, CancellationToken cancellationToken)
    {
        var key = KeyOf(type, ns, name);
        var cached = cache.Get(key);
        for (var attempt = 0; attempt < PatchAttempts; attempt++)
        {
            JsonObject pod;
            long revision;
            var fromCache = attempt == 0 && cached is not null;
            if (fromCache)
            {
                pod = cached!.ToMutable();
                revision = cached.Revision;
            }
            else
            {
                var stored = await store.GetAsync(key, cancellationToken) ?? throw ApiErrors.NotFound(type, name);
                pod = Materialize(stored);
                revision = stored.Revision;
            }
            var refusal = ObjectMeta.DeletionTimestamp(pod) is not null
                ? "pod is being deleted, cannot be assigned to a host"
                : pod.StringAt("spec", "nodeName") is { Length: > 0 } bound ? $"pod {name} is already assigned to node \"{bound}\""
                : pod.At("spec", "schedulingGates") is JsonArray { Count: > 0 } ? $"pod {name} has non-empty .spec.schedulingGates"
                : null;
            if (refusal is not null)
            {
                if (fromCache) continue;
                throw ApiErrors.Conflict(type, name, refusal);
            }
            pod.Ensure("spec")["nodeName"] = node;
            PodConditions.Set(pod, "PodScheduled", "True", now: null);
            if (!options.ManagedFieldsRecorded) ManagedFieldsTracker.RecordChange(pod, NodeNameField, options.FieldManager, "binding", time.GetUtcNow());
            if (options.DryRun) return;
            var result = await store.UpdateGroupedAsync(key, revision, StoredJson.Serialize(pod), cancellationToken);
            if (result.Status == WriteStatus.Written) return;
            if (result.Status == WriteStatus.NotFound) throw ApiErrors.NotFound(type, name);
        }
        throw ApiErrors.Modified(type, name);
    }

    /// <summary>The one field a binding changes that managedFields track (status is not tracked outside <c>/status</c>).</summary>
    private static readonly FieldSet NodeNameField = FieldSet.Of([PathElement.Field("spec"), PathElement.Field("nodeName")]);

    /// <summary>Whether an object exists now, read from the database.</summary>
    public async Task<bool> ExistsAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) =>
        await store.GetAsync(KeyOf(type, ns, name), cancellationToken) is not null;

    /// <summary>The update itself; null when the stored revision moved (the caller decides to retry or fail).</summary>
    private async Task<JsonObject?> WriteUpdateAsync(ResourceType type, ObjectKey key, StoredObject stored, JsonObject proposed, string? subresource, WriteOptions options, CancellationToken cancellationToken)
    {
        var old = Materialize(stored);
        ObjectIdentity.Check(IdentityCheck.Stored, type, key.Namespace, key.Name, proposed);
        var updated = ObjectRules.PrepareForUpdate(type, subresource, proposed, old);
        var allocates = type == ResourceTypes.Service && subresource is null;
        if (allocates) ServiceAddresses.CarryOver(updated, old);
        if (type == ResourceTypes.Pod && subresource is null) PodPriority.CarryOver(updated, old);
        if (type == ResourceTypes.PriorityClass) _priorities.AdmitClass(updated);
        if (subresource != "status") admission.Default(type, updated);
        else admission.PruneStatusWrite(type, updated);
        AdmissionAttributes Attributes() => options.ScaleOf is { } scaled
            ? AdmissionAttributes.ForScale(type, scaled, key.Namespace, key.Name, ScaleSubresource.ToScale(type, updated), ScaleSubresource.ToScale(type, old), options.DryRun, options.Request)
            : AdmissionAttributes.ForUpdate(type, options.Served, subresource, key.Namespace, key.Name, updated, old, options.DryRun, options.Request);
        var mutating = !options.SkipWebhooks && webhooks.MutatesAny(type) ? Attributes() : null;
        Action<JsonObject>? defaults = subresource != "status" && options.ScaleOf is null ? patched => admission.Default(type, patched) : null;
        if (mutating is not null && await webhooks.MutateAsync(mutating, cancellationToken, defaults))
        {
            if (options.ScaleOf is not null) updated = ScaleSubresource.ApplyScale(type, updated, mutating.Object!);
            // A webhook's patch is held to the same split and defaults as the client's own change.
            updated = ObjectRules.PrepareForUpdate(type, subresource, updated, old);
            if (subresource != "status") admission.Default(type, updated);
        }
        ObjectRules.TrackGeneration(type, updated, old);
        var validatedAs = subresource is null ? options.Served ?? type : type;
        var errors = admission.ValidateUpdate(validatedAs, subresource, updated, old);
        if (errors.Count > 0) throw ApiErrors.Invalid(validatedAs, key.Name, errors);
        if (options.User is { } updater) _escalation.Check(type, key.Namespace.Length > 0 ? key.Namespace : null, updated, updater);
        if (!options.ManagedFieldsRecorded)
            updated = ManagedFieldsTracker.RecordUpdate(old, updated, options.FieldManager, subresource, ApiSchema.Default.MergeSchemaFor(type), time.GetUtcNow());
        if (!options.SkipWebhooks && webhooks.ValidatesAny(type)) await webhooks.ValidateAsync(Attributes(), cancellationToken);

        if (ObjectMeta.DeletionTimestamp(old) is not null && ObjectRules.PendingFinalizers(type, updated).Count == 0 &&
            (old.LongAt("metadata", "deletionGracePeriodSeconds") ?? 0) == 0)
        {
            // The last finalizer is gone from an object being deleted: the object goes now, unless it still
            // has a grace period running (a pod its node agent is stopping, which deletes it when done), as
            // kube-apiserver decides it.
            if (options.DryRun) return updated;
            var deleted = await store.DeleteAsync(key, stored.Revision, StoredJson.Serialize(updated), cancellationToken);
            if (deleted.Status != WriteStatus.Written) return deleted.Status == WriteStatus.NotFound ? throw ApiErrors.NotFound(type, key.Name) : null;
            if (type == ResourceTypes.Service) await ReleaseUnheldQuietlyAsync(old, null);
            CachedObject.SetResourceVersion(updated, deleted.Revision);
            return updated;
        }
        if (ObjectRules.IsNoOp(updated, old) || options.DryRun)
        {
            CachedObject.SetResourceVersion(updated, stored.Revision);
            return updated;
        }
        // A Service becoming a NodePort or LoadBalancer, or a claim asking for more storage, uses more of its quota.
        if (subresource is null && type.Namespaced) await _quotas.AdmitAsync(type, key.Namespace, updated, old, charge: true, cancellationToken);
        var reserved = allocates ? await services.AllocateAsync(updated, old, cancellationToken) : null;
        WriteResult result;
        try
        {
            result = await store.UpdateAsync(key, stored.Revision, StoredJson.Serialize(updated), cancellationToken);
        }
        catch
        {
            await ReleaseQuietlyAsync(reserved);
            throw;
        }
        if (result.Status != WriteStatus.Written) await ReleaseQuietlyAsync(reserved);
        switch (result.Status)
        {
            case WriteStatus.Written:
                if (allocates) await ReleaseUnheldQuietlyAsync(old, updated);
                CachedObject.SetResourceVersion(updated, result.Revision);
                return updated;
            case WriteStatus.NotFound:
                throw ApiErrors.NotFound(type, key.Name);
            default:
                return null;
        }
    }

    /// <summary>
    /// A new namespace gets its <c>default</c> ServiceAccount before the create is answered, so a
    /// pod made right after it is admitted; the namespace controller re-creates it if it goes.
    /// </summary>
    private async Task CreateDefaultAccountAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(ResourceTypes.ServiceAccount, ns, ServiceAccountAdmission.DefaultAccount(ns), new WriteOptions { FieldManager = "obs-apiserver" }, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // The namespace controller made it first.
        }
    }

    // Releasing after a write is best effort: a value left reserved by a failure here is found
    // and released by ServiceAllocationRepair, so the write's answer does not depend on it.
    private async Task ReleaseQuietlyAsync(ServiceReservations? reserved)
    {
        if (reserved is null || reserved.Made.Count == 0) return;
        try { await services.ReleaseAsync(reserved, CancellationToken.None); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException) { }
    }

    private async Task ReleaseUnheldQuietlyAsync(JsonObject old, JsonObject? now)
    {
        try { await services.ReleaseUnheldAsync(old, now, CancellationToken.None); }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException) { }
    }

    /// <summary>
    /// Deletes, or starts deleting: an object with finalizers (or asked to wait for its dependents)
    /// gets a deletionTimestamp and stays until the finalizers are removed.
    /// Returns the object and whether it is gone.
    /// </summary>
    public async Task<(JsonObject Object, bool Gone)> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        var key = KeyOf(type, ns, name);
        PriorityAdmission.AdmitDelete(type, name);
        if (type == ResourceTypes.Namespace) _namespaceLiveLookup.Deleting(name);
        for (var attempt = 0; attempt < PatchAttempts; attempt++)
        {
            var stored = await store.GetAsync(key, cancellationToken) ?? throw ApiErrors.NotFound(type, name);
            var obj = Materialize(stored);
            if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(obj))
                throw ApiErrors.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(obj)}");
            if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(obj))
                throw ApiErrors.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectMeta.ResourceVersion(obj)}");
            if (!options.SkipWebhooks && (webhooks.MutatesAny(type) || webhooks.ValidatesAny(type)))
                await webhooks.AdmitAsync(AdmissionAttributes.ForDelete(type, key.Namespace, name, obj, options.DryRun, options.PropagationPolicy, options.GracePeriodSeconds, options.Request), cancellationToken);

            var meta = obj.Ensure("metadata");
            var finalizers = ObjectMeta.Finalizers(obj).ToList();
            var policyFinalizer = options.PropagationPolicy switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (policyFinalizer is not null && !finalizers.Contains(policyFinalizer) && ObjectMeta.DeletionTimestamp(obj) is null)
                finalizers.Add(policyFinalizer);
            // A definition stays until the catalog has deleted its objects, as apiextensions-apiserver keeps it.
            if (type == ResourceTypes.CustomResourceDefinition && !finalizers.Contains(CustomResourceDefinitions.CleanupFinalizer) && ObjectMeta.DeletionTimestamp(obj) is null)
                finalizers.Add(CustomResourceDefinitions.CleanupFinalizer);
            var graceful = GracePeriod(type, obj, options);

            var blocking = finalizers.Count > 0 || ObjectRules.PendingFinalizers(type, obj).Count > 0;
            if (!blocking && graceful == 0)
            {
                if (options.DryRun) return (obj, true);
                var deleted = await store.DeleteAsync(key, stored.Revision, StoredJson.Serialize(obj), cancellationToken);
                if (deleted.Status == WriteStatus.Written)
                {
                    if (type == ResourceTypes.Service) await ReleaseUnheldQuietlyAsync(obj, null);
                    return (obj, true);
                }
                if (deleted.Status == WriteStatus.NotFound) throw ApiErrors.NotFound(type, name);
                continue;
            }
            // Already on its way out: a shorter grace period (the node agent's final delete with 0, while a
            // finalizer still holds the pod) is recorded, so that removing the last finalizer then deletes it.
            if (ObjectMeta.DeletionTimestamp(obj) is not null && graceful >= (obj.LongAt("metadata", "deletionGracePeriodSeconds") ?? 0))
                return (obj, false);

            meta["deletionTimestamp"] = Timestamps.Format(time.GetUtcNow().AddSeconds(graceful));
            meta["deletionGracePeriodSeconds"] = graceful;
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray());
            if (type == ResourceTypes.Namespace) obj.Ensure("status")["phase"] = "Terminating";
            if (options.DryRun) return (obj, false);
            var result = await store.UpdateAsync(key, stored.Revision, StoredJson.Serialize(obj), cancellationToken);
            if (result.Status == WriteStatus.Written)
            {
                CachedObject.SetResourceVersion(obj, result.Revision);
                return (obj, false);
            }
            if (result.Status == WriteStatus.NotFound) throw ApiErrors.NotFound(type, name);
        }
        throw ApiErrors.Modified(type, name);
    }

    /// <summary>
    /// Seconds a deletion waits for the object's processes: only pods already bound to a node
    /// wait, for the node agent to stop them; everything else goes at once.
    /// </summary>
    private static long GracePeriod(ResourceType type, JsonObject obj, DeleteOptions options)
    {
        if (type != ResourceTypes.Pod || string.IsNullOrEmpty(obj.StringAt("spec", "nodeName"))) return 0;
        if (obj.StringAt("status", "phase") is "Succeeded" or "Failed") return 0;
        return Math.Max(0, options.GracePeriodSeconds ?? obj.LongAt("spec", "terminationGracePeriodSeconds") ?? 30);
    }

    private async Task RequireNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        var key = KeyOf(ResourceTypes.Namespace, null, ns);
        // Read in place from the cached copy (every create asks), else from the database; from the database too
        // for a namespace just asked to be deleted here, which the cache may not show yet.
        bool terminating;
        if (!_namespaceLiveLookup.Required(ns) && cache.Get(key) is { } cached)
            terminating = cached.MetadataString("deletionTimestamp") is not null;
        else if (await store.GetAsync(key, cancellationToken) is { } stored)
            terminating = JsonPathReader.String(stored.Json, "metadata", "deletionTimestamp") is not null;
        else
            throw ApiErrors.NamespaceNotFound(ns);
        if (terminating)
            throw ApiErrors.Forbidden($"unable to create new content in namespace {ns} because it is being terminated");
    }

    public static JsonObject Materialize(StoredObject stored)
    {
        var obj = JsonNode.Parse(stored.Json)!.AsObject();
        CachedObject.SetResourceVersion(obj, stored.Revision);
        return obj;
    }
}
