using System.Text.Json.Nodes;

namespace Obs.Api.Apply;

/// <summary>
/// Which part of an object a write can own. Identity and bookkeeping set by the apiserver are owned by
/// nobody; <c>status</c> is owned only through the status subresource, and the status subresource owns
/// nothing else.
/// </summary>
internal static class TrackedFields
{
    public const string Status = "status";

    internal static readonly string[] UntrackedTopLevel = ["apiVersion", "kind"];

    internal static readonly string[] UntrackedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "clusterName"];

    /// <summary>The part of an object a write through <paramref name="subresource"/> can own, as a copy.</summary>
    public static JsonObject View(JsonObject? obj, string? subresource)
    {
        var view = new JsonObject();
        if (obj is null) return view;
        foreach (var (key, value) in obj)
        {
            if (UntrackedTopLevel.Contains(key)) continue;
            var isStatus = key == Status;
            if (subresource == Status ? !isStatus : isStatus) continue;
            if (key == "metadata" && value is JsonObject metadata)
            {
                var kept = new JsonObject();
                foreach (var (field, fieldValue) in metadata)
                {
                    if (!UntrackedMetadata.Contains(field)) kept[field] = fieldValue?.DeepClone();
                }
                view[key] = kept;
                continue;
            }
            view[key] = value?.DeepClone();
        }
        return view;
    }

    /// <summary>
    /// Removes what nobody owns from a set computed over a <see cref="View"/>: the <c>metadata</c> node itself
    /// (its fields stay), so that it never shows up as an owned field.
    /// </summary>
    public static FieldSet Filter(FieldSet set) =>
        set.Difference(FieldSet.Of([PathElement.Field("metadata")]));
}
