using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Field ownership for ordinary writes (create, update, JSON / merge / strategic merge patch): the
/// writer takes every field it added or changed, without conflicts, and everyone loses removed fields.
/// </summary>
public static class ManagedFieldsTracker
{
    /// <summary>How many Update entries an object keeps, as in Kubernetes; older ones are folded together.</summary>
    public const int MaxUpdateManagers = 10;

    /// <summary>The manager the oldest Update entries are folded into, one entry per API version.</summary>
    public const string AncientChangesManager = "ancient-changes";

    /// <param name="oldObj">The stored object, or null for a create.</param>
    /// <param name="newObj">The object about to be stored; its managedFields are read as Kubernetes does
    /// (an empty list, or one empty entry, resets them; otherwise, when absent, the old object's are kept).</param>
    /// <param name="manager">The <c>fieldManager</c> query parameter, or the name derived from the user agent.</param>
    /// <param name="subresource">Null for the main resource, or e.g. <c>status</c>.</param>
    /// <returns>A copy of <paramref name="newObj"/> with its managedFields updated.</returns>
    public static JsonObject RecordUpdate(JsonObject? oldObj, JsonObject newObj, string manager, string? subresource, IMergeSchema? schema, DateTimeOffset now)
    {
        var result = newObj.DeepClone().AsObject();
        var newView = TrackedFields.View(newObj, subresource);
        var oldView = oldObj is null ? CreateBaseline(newView) : TrackedFields.View(oldObj, subresource);
        var comparison = ObjectComparison.Of(oldView, newView, schema);
        var changed = TrackedFields.Filter(comparison.Changed);
        var removed = TrackedFields.Filter(comparison.Removed);

        Record(result, Owners(oldObj, newObj), changed, removed, manager, subresource, now);
        return result;
    }

    /// <summary>
    /// What <see cref="RecordUpdate"/> records for a write whose changes are known without comparing the objects
    /// (a binding sets <c>spec.nodeName</c> and nothing else it can own): <paramref name="obj"/> is the stored
    /// object with the change made, and its managedFields are updated in place.
    /// </summary>
    public static void RecordChange(JsonObject obj, FieldSet changed, string manager, string? subresource, DateTimeOffset now)
    {
        var writer = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Update, obj.StringAt("apiVersion"), ManagedFieldsEntry.FormatTime(now), subresource, changed);
        if (obj["metadata"]?["managedFields"] is JsonArray entries && !changed.IsEmpty && OnlyAppends(entries, writer))
        {
            entries.Add((JsonNode)writer.ToJson()); // the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection
            return;
        }
        Record(obj, Owners(null, obj), changed, FieldSet.Empty, manager, subresource, now);
    }

    /// <summary>
    /// Whether recording <paramref name="writer"/> adds its entry at the end of <paramref name="entries"/> and changes nothing
    /// else: every entry is well-formed with fields, none is the writer's own or owns a field it changed, the list is in
    /// <see cref="ManagedFields.Write"/>'s order with the writer last, and no cap applies. Then the entries need not be
    /// read into field sets and written back (a binding did that for every pod, for the creator's whole entry); they keep
    /// their stored text, which is what writing them back would give, as every stored list was written that way.
    /// </summary>
    private static bool OnlyAppends(JsonArray entries, ManagedFieldsEntry writer)
    {
        if (entries.Count == 0) return false;
        var updaters = 1;
        var changed = writer.Fields.Paths().ToList();
        (string, string, string, string, string)? previous = null;
        foreach (var node in entries)
        {
            if (node is not JsonObject entry || entry["fieldsV1"] is not JsonObject { Count: > 0 } fields) return false;
            if (entry.StringAt("fieldsType") is not (null or "FieldsV1")) return false;
            var operation = entry.StringAt("operation");
            if (operation is not (nameof(ManagedFieldsOperation.Update) or nameof(ManagedFieldsOperation.Apply))) return false;
            if (operation == nameof(ManagedFieldsOperation.Update)) updaters++;
            var order = (operation, entry.StringAt("time") ?? "", entry.StringAt("manager") ?? "", entry.StringAt("apiVersion") ?? "", entry.StringAt("subresource") ?? "");
            if (previous is { } before && Compare(before, order) > 0) return false;
            previous = order;
            if (order.Item3 == writer.Manager && operation == nameof(ManagedFieldsOperation.Update) && order.Item4 == (writer.ApiVersion ?? "")
                && order.Item5 == (writer.Subresource ?? "")) return false;
            if (changed.Exists(path => Reaches(fields, path))) return false;
        }
        var written = (nameof(ManagedFieldsOperation.Update), writer.Time ?? "", writer.Manager, writer.ApiVersion ?? "", writer.Subresource ?? "");
        return updaters <= MaxUpdateManagers && Compare(previous!.Value, written) <= 0;
    }

    private static int Compare((string, string, string, string, string) a, (string, string, string, string, string) b)
    {
        var order = string.CompareOrdinal(a.Item1, b.Item1);
        if (order == 0) order = string.CompareOrdinal(a.Item2, b.Item2);
        if (order == 0) order = string.CompareOrdinal(a.Item3, b.Item3);
        if (order == 0) order = string.CompareOrdinal(a.Item4, b.Item4);
        if (order == 0) order = string.CompareOrdinal(a.Item5, b.Item5);
        return order;
    }

    /// <summary>Whether a FieldsV1 tree holds <paramref name="path"/> (as a field or as the parent of others).</summary>
    private static bool Reaches(JsonObject fieldsV1, IReadOnlyList<string> path)
    {
        JsonObject? node = fieldsV1;
        foreach (var element in path)
        {
            node = node[element] as JsonObject;
            if (node is null) return false;
        }
        return true;
    }

    private static void Record(JsonObject result, List<ManagedFieldsEntry> owners, FieldSet changed, FieldSet removed, string manager, string? subresource, DateTimeOffset now)
    {
        var entries = owners
            .Select(e => e with { Fields = e.Fields.Difference(changed).Difference(removed) })
            .ToList();
        if (!changed.IsEmpty)
        {
            var writer = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Update, result.StringAt("apiVersion"), ManagedFieldsEntry.FormatTime(now), subresource, changed);
            var index = entries.FindIndex(e => e.SameOwnerAs(writer));
            if (index >= 0) entries[index] = writer with { Fields = entries[index].Fields.Union(changed) };
            else entries.Add(writer);
        }
        ManagedFields.Write(result, CapUpdaters(entries));
    }

    /// <summary>
    /// What <see cref="RecordUpdate"/> does for a create (no old object), done on <paramref name="obj"/> itself in one
    /// walk: the creator owns every field it set, except <c>spec</c> itself (see <see cref="CreateBaseline"/>) and
    /// what nobody owns. A request that brings managedFields of its own takes the general path, which reads them.
    /// </summary>
    public static void RecordCreate(JsonObject obj, string manager, IMergeSchema? schema, DateTimeOffset now)
    {
        var metadata = obj["metadata"] as JsonObject;
        if (metadata is not null && metadata.ContainsKey("managedFields"))
        {
            var recorded = RecordUpdate(null, obj, manager, null, schema, now);
            metadata["managedFields"] = recorded["metadata"]!["managedFields"]?.DeepClone();
            if (metadata["managedFields"] is null) metadata.Remove("managedFields");
            return;
        }
        if (CreatedFields.Of(obj, schema) is not { } owned) return;
        // As ManagedFieldsEntry.ToJson writes an entry.
        var entry = new JsonObject { ["manager"] = manager, ["operation"] = nameof(ManagedFieldsOperation.Update) };
        if (obj.StringAt("apiVersion") is { } apiVersion) entry["apiVersion"] = apiVersion;
        entry["time"] = ManagedFieldsEntry.FormatTime(now);
        entry["fieldsType"] = "FieldsV1";
        entry["fieldsV1"] = owned;
        metadata ??= obj.Ensure("metadata");
        metadata["managedFields"] = new JsonArray(entry);
    }

    /// <summary>
    /// Keeps managedFields from growing with every tool that ever wrote the object: past
    /// <see cref="MaxUpdateManagers"/> Update entries, the oldest are merged into <see cref="AncientChangesManager"/>.
    /// </summary>
    private static List<ManagedFieldsEntry> CapUpdaters(List<ManagedFieldsEntry> entries)
    {
        var updaters = entries
            .Where(e => e.Operation == ManagedFieldsOperation.Update && !e.Fields.IsEmpty)
            .OrderBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ToList();
        var excess = updaters.Count - MaxUpdateManagers;
        if (excess <= 0) return entries;
        var result = entries.ToList();
        var firstOfVersion = new Dictionary<string, ManagedFieldsEntry>(StringComparer.Ordinal);
        foreach (var updater in updaters)
        {
            if (excess <= 0) break;
            var version = updater.ApiVersion ?? "";
            if (!firstOfVersion.TryGetValue(version, out var first))
            {
                firstOfVersion[version] = updater;
                continue;
            }
            var bucket = result.FirstOrDefault(e => e.Manager == AncientChangesManager && e.Operation == ManagedFieldsOperation.Update
                && (e.ApiVersion ?? "") == version && string.IsNullOrEmpty(e.Subresource)) ?? first;
            result.Remove(bucket);
            result.Remove(updater);
            // The bucket carries the time of the newest update folded into it.
            result.Add(new ManagedFieldsEntry(AncientChangesManager, ManagedFieldsOperation.Update, updater.ApiVersion, updater.Time, null, bucket.Fields.Union(updater.Fields)));
            excess--;
        }
        return result;
    }

    /// <summary>Whose fields the write starts from: the request's managedFields when it sets them, else the stored ones.</summary>
    private static List<ManagedFieldsEntry> Owners(JsonObject? oldObj, JsonObject newObj)
    {
        if (newObj["metadata"]?["managedFields"] is JsonArray requested)
        {
            // Kubernetes lets a client clear ownership by sending [] or [{}].
            if (requested.Count == 0 || (requested.Count == 1 && requested[0] is JsonObject { Count: 0 })) return [];
            var fromRequest = ManagedFields.Read(newObj);
            if (fromRequest.Count > 0) return fromRequest;
        }
        return ManagedFields.Read(oldObj);
    }

    /// <summary>
    /// What a create compares against. Kubernetes compares with an empty typed object, in which a
    /// top-level <c>spec</c> already exists, so the creator does not own <c>spec</c> itself, only what is in it.
    /// </summary>
    private static JsonObject CreateBaseline(JsonObject newView)
    {
        var baseline = new JsonObject();
        if (newView["spec"] is JsonObject) baseline["spec"] = new JsonObject();
        return baseline;
    }
}
