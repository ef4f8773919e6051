using System.Text.Json.Nodes;

namespace Obs.Api.Objects;

/// <summary>Named access to the <c>metadata</c> fields every object has.</summary>
public static class ObjectMeta
{
    public static string? Name(JsonNode? obj) => obj.StringAt("metadata", "name");
    public static string? Namespace(JsonNode? obj) => obj.StringAt("metadata", "namespace");
    public static string? Uid(JsonNode? obj) => obj.StringAt("metadata", "uid");
    public static string? ResourceVersion(JsonNode? obj) => obj.StringAt("metadata", "resourceVersion");
    public static long Generation(JsonNode? obj) => obj.LongAt("metadata", "generation") ?? 0;
    public static string? DeletionTimestamp(JsonNode? obj) => obj.StringAt("metadata", "deletionTimestamp");

    /// <summary>The label value for a key, or null when the object does not carry that label.</summary>
    public static string? Label(JsonNode? obj, string key) => obj.StringAt("metadata", "labels", key);

    public static IEnumerable<KeyValuePair<string, string>> Labels(JsonNode? obj) => obj.At("metadata", "labels").StringMap();
    public static IEnumerable<KeyValuePair<string, string>> Annotations(JsonNode? obj) => obj.At("metadata", "annotations").StringMap();

    public static IReadOnlyList<string> Finalizers(JsonNode? obj) =>
        obj.At("metadata", "finalizers") is JsonArray a ? a.Select(f => f?.GetValue<string>() ?? "").ToList() : [];
}
