using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>): merges an applied configuration
/// into the live object, removes what the applier stopped applying, checks ownership and records it in
/// <c>metadata.managedFields</c>. Pure: inputs are not changed.
/// </summary>
public static class ServerSideApply
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The manager that owns everything an object held before its first apply, when it had no managedFields.</summary>
    public const string BeforeFirstApplyManager = "before-first-apply";

    /// <summary>kubectl's manager name for <c>apply --server-side</c>, which gets the client-side apply hand-over.</summary>
    private const string KubectlManager = "kubectl";

    /// <param name="live">The stored object, or null when the apply creates it.</param>
    /// <param name="applied">The applied configuration, already parsed from YAML or JSON.</param>
    /// <param name="manager">The <c>fieldManager</c> query parameter (required for apply).</param>
    /// <param name="force">The <c>force</c> query parameter: take fields other managers own instead of failing.</param>
    /// <param name="subresource">Null for the main resource, or e.g. <c>status</c>.</param>
    /// <returns>The new object with its managedFields; equal to <paramref name="live"/> when the apply changes nothing.</returns>
    /// <exception cref="ApplyConflictException">The apply changes fields other managers own and is not forced.</exception>
    /// <exception cref="InvalidApplyException">The configuration carries managedFields, or a list it cannot be merged by (see <see cref="AppliedConfiguration"/>).</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, IMergeSchema? schema, DateTimeOffset now, string? subresource = null)
    {
        if (applied["metadata"] is JsonObject appliedMeta && appliedMeta.ContainsKey("managedFields"))
        {
            throw new InvalidApplyException("metadata.managedFields must be nil", 400);
        }
        if (AppliedConfiguration.Check(applied, schema) is { Count: > 0 } errors)
        {
            var type = $"{applied.StringAt("apiVersion")}, Kind={applied.StringAt("kind")}";
            throw new InvalidApplyException($"failed to create typed patch object ({type}): {string.Join("\n", errors)}", 422);
        }
        var time = ManagedFieldsEntry.FormatTime(now);
        var entries = live is null ? [] : ManagedFields.Read(live);
        var liveView = TrackedFields.View(live, subresource);
        if (live is not null && entries.Count == 0)
        {
            // An object written without field tracking: everything in it belongs to a stand-in manager,
            // so that the first apply conflicts with it as it would with any other writer.
            var existing = TrackedFields.Filter(ObjectComparison.Of(new JsonObject(), liveView, schema).Changed);
            entries.Add(new ManagedFieldsEntry(BeforeFirstApplyManager, ManagedFieldsOperation.Update, live.StringAt("apiVersion"), time, subresource, existing));
        }

        var applierKey = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Apply, null, null, subresource, FieldSet.Empty);
        var previous = entries.FirstOrDefault(e => e.SameOwnerAs(applierKey));
        var others = entries.Where(e => !e.SameOwnerAs(applierKey)).ToList();
        var appliedFields = TrackedFields.Filter(SpecifiedFields.Of(TrackedFields.View(applied, subresource), schema));

        var merged = (JsonObject)ApplyMerge.Merge(live ?? new JsonObject(), Configuration(applied, subresource), schema)!;
        if (previous is not null && !previous.Fields.IsEmpty)
        {
            var kept = others.Aggregate(appliedFields, (set, e) => set.Union(e.Fields));
            merged = (JsonObject)FieldPruning.Prune(merged, previous.Fields, kept, schema)!;
        }

        var comparison = ObjectComparison.Of(liveView, TrackedFields.View(merged, subresource), schema);
        var changed = TrackedFields.Filter(comparison.Changed);
        var removed = TrackedFields.Filter(comparison.Removed);
        var conflicts = Conflicts(others, changed);
        if (conflicts.Count > 0 && !force && !HandedOverFromClientSideApply(manager, live, schema, conflicts))
        {
            throw new ApplyConflictException(conflicts.SelectMany(c => c.Taken.DisplayPaths().Select(p => new ApplyConflict(c.Owner.DisplayName, p))).ToList());
        }

        // Forced or not, fields this apply changed now belong to the applier alone, and removed fields to nobody.
        var updated = others.Select(e => e with { Fields = e.Fields.Difference(changed).Difference(removed) }).ToList();
        var objectChanged = !JsonNode.DeepEquals(WithoutManagedFields(live ?? new JsonObject()), WithoutManagedFields(merged));
        var ownershipChanged = previous is null || !SameFields(previous.Fields, appliedFields);
        updated.Add(new ManagedFieldsEntry(
            manager,
            ManagedFieldsOperation.Apply,
            applied.StringAt("apiVersion") ?? live.StringAt("apiVersion"),
            objectChanged || ownershipChanged || previous?.Time is null ? time : previous.Time,
            subresource,
            appliedFields));

        if (live is not null && !objectChanged && SameEntries(entries, updated))
        {
            return live.DeepClone().AsObject();
        }
        if (manager == KubectlManager && subresource is null && live.StringAt("metadata", "annotations", LastAppliedAnnotation) is not null)
        {
            // Keeps a later client-side `kubectl apply` working from what was last applied server-side.
            merged.Ensure("metadata", "annotations")[LastAppliedAnnotation] = LastAppliedText(applied);
        }
        ManagedFields.Write(merged, updated);
        return merged;
    }

    /// <summary>What the apply merges: the main resource ignores status, the status subresource everything else.</summary>
    private static JsonObject Configuration(JsonObject applied, string? subresource)
    {
        if (subresource == TrackedFields.Status)
        {
            var statusOnly = new JsonObject();
            if (applied.TryGetPropertyValue(TrackedFields.Status, out var status)) statusOnly[TrackedFields.Status] = status?.DeepClone();
            return statusOnly;
        }
        var config = applied.DeepClone().AsObject();
        config.Remove(TrackedFields.Status);
        if (config["metadata"] is JsonObject metadata)
        {
            // The apiserver owns these; a manifest's "creationTimestamp: null" must not erase the stored one.
            foreach (var field in SystemMetadata) metadata.Remove(field);
        }
        return config;
    }

    private static readonly string[] SystemMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"];

    private static List<(ManagedFieldsEntry Owner, FieldSet Taken)> Conflicts(List<ManagedFieldsEntry> others, FieldSet changed)
    {
        var conflicts = new List<(ManagedFieldsEntry, FieldSet)>();
        foreach (var owner in others)
        {
            var taken = owner.Fields.Intersection(changed);
            if (!taken.IsEmpty) conflicts.Add((owner, taken));
        }
        return conflicts;
    }

    /// <summary>
    /// Moving from <c>kubectl apply</c> to <c>kubectl apply --server-side</c>: fields named in the
    /// client-side last-applied annotation may be taken from their owners without force, as Kubernetes allows.
    /// </summary>
    private static bool HandedOverFromClientSideApply(string manager, JsonObject? live, IMergeSchema? schema, List<(ManagedFieldsEntry Owner, FieldSet Taken)> conflicts)
    {
        if (manager != KubectlManager || live.StringAt("metadata", "annotations", LastAppliedAnnotation) is not { } text) return false;
        JsonObject? lastApplied;
        try
        {
            lastApplied = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
        if (lastApplied is null) return false;
        var allowed = TrackedFields.Filter(SpecifiedFields.Of(TrackedFields.View(lastApplied, null), schema));
        var conflicting = conflicts.Aggregate(FieldSet.Empty, (set, c) => set.Union(c.Taken));
        return conflicting.Difference(allowed).IsEmpty;
    }

    private static string LastAppliedText(JsonObject applied)
    {
        var copy = applied.DeepClone().AsObject();
        if (copy["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(LastAppliedAnnotation);
            if (annotations.Count == 0) copy["metadata"]!.AsObject().Remove("annotations");
        }
        return copy.ToJsonString() + "\n";
    }

    private static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    private static bool SameFields(FieldSet a, FieldSet b) => a.Difference(b).IsEmpty && b.Difference(a).IsEmpty;

    private static bool SameEntries(List<ManagedFieldsEntry> before, List<ManagedFieldsEntry> after)
    {
        var a = before.Where(e => !e.Fields.IsEmpty).ToList();
        var b = after.Where(e => !e.Fields.IsEmpty).ToList();
        return a.Count == b.Count && a.All(x => b.Any(y => y.SameOwnerAs(x) && y.Time == x.Time && y.ApiVersion == x.ApiVersion && SameFields(x.Fields, y.Fields)));
    }
}
