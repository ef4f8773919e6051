using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Field ownership for ordinary writes (create, update, JSON / merge / strategic merge patch): the
/// writer takes every field it added or changed, without conflicts, and everyone loses removed fields.
/// </summary>
public static class ManagedFieldsTracker
{
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

        var entries = Owners(oldObj, newObj)
            .Select(e => e with { Fields = e.Fields.Difference(changed).Difference(removed) })
            .ToList();
        if (!changed.IsEmpty)
        {
            var writer = new ManagedFieldsEntry(manager, ManagedFieldsOperation.Update, newObj.StringAt("apiVersion"), ManagedFieldsEntry.FormatTime(now), subresource, changed);
            var index = entries.FindIndex(e => e.SameOwnerAs(writer));
            if (index >= 0) entries[index] = writer with { Fields = entries[index].Fields.Union(changed) };
            else entries.Add(writer);
        }
        ManagedFields.Write(result, entries);
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
