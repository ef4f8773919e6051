using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Patch;

/// <summary>The <c>$</c>-keys a strategic merge patch may carry, and the schema questions every merge step asks.</summary>
internal static class Directives
{
    public const string Patch = "$patch";
    public const string RetainKeys = "$retainKeys";
    public const string SetElementOrderPrefix = "$setElementOrder/";
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    public const string Replace = "replace";
    public const string Delete = "delete";
    public const string Merge = "merge";

    public static bool IsDirectiveKey(string key) =>
        key is Patch or RetainKeys
        || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
        || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);

    /// <summary>The <c>$patch</c> value of an object (replace, delete or merge); null when there is none.</summary>
    public static string? PatchDirectiveOf(JsonObject obj)
    {
        if (!obj.TryGetPropertyValue(Patch, out var value)) return null;
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var directive = v.GetValue<string>();
            if (directive is Replace or Delete or Merge) return directive;
        }
        throw PatchException.Malformed($"unknown patch type: {JsonSnippet.Of(value)} in map: {JsonSnippet.Of(obj)}");
    }

    /// <summary>
    /// The schema of a member: a struct names its fields, a map (labels, data) describes every value
    /// through <see cref="IMergeSchema.Items"/>, so the field is asked first and the items second.
    /// </summary>
    public static IMergeSchema? Member(IMergeSchema? schema, string key) => schema is null ? null : schema.Field(key) ?? schema.Items;

    public static bool IsMergeList(IMergeSchema? schema) => schema is not null && schema.PatchStrategy.HasFlag(PatchStrategy.Merge);
}
