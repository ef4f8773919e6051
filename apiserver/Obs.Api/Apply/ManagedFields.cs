using System.Text.Json.Nodes;

namespace Obs.Api.Apply;

/// <summary>Reading and writing the <c>metadata.managedFields</c> list of an object.</summary>
public static class ManagedFields
{
    /// <summary>The entries of an object; malformed entries are skipped, as Kubernetes drops what it cannot decode.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray list) return entries;
        foreach (var item in list)
        {
            if (ManagedFieldsEntry.FromJson(item) is { } entry) entries.Add(entry);
        }
        return entries;
    }

    /// <summary>
    /// Stores entries on an object (changing it), sorted as Kubernetes sorts them: by operation, time,
    /// manager, API version, subresource. Entries with no fields are dropped; no entries removes the list.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var kept = entries
            .Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation.ToString(), StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? "", StringComparer.Ordinal)
            .Select(e => (JsonNode?)e.ToJson())
            .ToArray();
        if (kept.Length == 0)
        {
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
            return;
        }
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        metadata["managedFields"] = new JsonArray(kept);
    }
}
