using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// The fields a create owns, written straight as FieldsV1: what comparing Kubernetes' empty typed baseline
/// (an empty <c>spec</c>) with <see cref="TrackedFields.View"/> of the object finds added, after
/// <see cref="TrackedFields.Filter"/>, read from the object in place instead of through copies and field sets.
/// Every path below the top level is a member; <c>metadata</c> and <c>spec</c> themselves are not.
/// </summary>
internal static class CreatedFields
{
    /// <summary>A buffer grown past this by a large object is not kept for the thread's next create.</summary>
    private const int KeptBufferBytes = 64 << 10;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_output;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The FieldsV1 tree, or null when the create owns nothing. Written as JSON and parsed back: the object it returns holds
    /// the parsed document and is written out from it as it is, where a tree of nodes (a node and a dictionary for every
    /// owned field) was a quarter of what a pod create allocated.
    /// </summary>
    public static JsonObject? Of(JsonObject obj, IMergeSchema? schema)
    {
        var top = new List<(string Element, JsonNode? Value, IMergeSchema? Schema)>();
        foreach (var (key, value) in obj)
        {
            if (value is null || TrackedFields.UntrackedTopLevel.Contains(key) || key == TrackedFields.Status) continue;
            top.Add((PathElement.Field(key), value, MergeShape.Child(schema, key)));
        }
        top.Sort((a, b) => PathElement.Compare(a.Element, b.Element));
        var output = t_output ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        writer.WriteStartObject();
        var any = false;
        foreach (var (element, value, childSchema) in top)
        {
            List<(string Element, JsonNode? Value, IMergeSchema? Schema)>? inner = null;
            var leaf = false;
            if (element == "f:metadata")
            {
                if (!MergeShape.IsGranularObject(value, childSchema)) continue;
                inner = Children(value, childSchema, TrackedFields.UntrackedMetadata);
            }
            else if (element == "f:spec" && value is JsonObject spec)
            {
                if (MergeShape.IsGranularObject(spec, childSchema)) inner = Children(spec, childSchema, []);
                else if (spec.Count == 0) continue;
                else leaf = true;
            }
            else
            {
                any = true;
                writer.WritePropertyName(element);
                WriteMember(writer, value, childSchema);
                continue;
            }
            if (!leaf && (inner is null || inner.Count == 0)) continue;
            any = true;
            writer.WritePropertyName(element);
            writer.WriteStartObject();
            if (!leaf) WriteMembers(writer, inner!);
            writer.WriteEndObject();
        }
        if (!any) return null;
        writer.WriteEndObject();
        writer.Flush();
        var fields = JsonNode.Parse(output.WrittenSpan)!.AsObject();
        if (output.Capacity > KeptBufferBytes) (t_output, t_writer) = (null, null);
        return fields;
    }

    /// <summary>A path that is itself owned: a leaf <c>{}</c>, or <c>"."</c> and its children.</summary>
    private static void WriteMember(Utf8JsonWriter writer, JsonNode? node, IMergeSchema? schema)
    {
        writer.WriteStartObject();
        if (Children(node, schema, []) is { Count: > 0 } children)
        {
            writer.WritePropertyName(PathElement.Self);
            writer.WriteStartObject();
            writer.WriteEndObject();
            WriteMembers(writer, children);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Each child as a member. Of list items with the same key (two containers of one name) the one sorted last is written,
    /// at the first one's place, as setting the key again in a JSON object keeps it.
    /// </summary>
    private static void WriteMembers(Utf8JsonWriter writer, List<(string Element, JsonNode? Value, IMergeSchema? Schema)> children)
    {
        for (var i = 0; i < children.Count; i++)
        {
            var element = children[i].Element;
            var last = i;
            while (last + 1 < children.Count && children[last + 1].Element == element) last++;
            writer.WritePropertyName(element);
            WriteMember(writer, children[last].Value, children[last].Schema);
            i = last;
        }
    }

    /// <summary>The owned children of a node in FieldsV1 order, as <see cref="ObjectComparison.InsertAll"/> finds them.</summary>
    private static List<(string Element, JsonNode? Value, IMergeSchema? Schema)>? Children(JsonNode? node, IMergeSchema? schema, string[] skipped)
    {
        List<(string, JsonNode?, IMergeSchema?)>? children = null;
        if (MergeShape.IsGranularObject(node, schema))
        {
            foreach (var (key, value) in node!.AsObject())
            {
                if (value is null || skipped.Contains(key)) continue;
                (children ??= []).Add((PathElement.Field(key), value, MergeShape.Child(schema, key)));
            }
        }
        else if (MergeShape.Elements(node, schema) is { } elements)
        {
            foreach (var (id, item) in elements) (children ??= []).Add((id, item, schema!.Items));
        }
        children?.Sort((a, b) => PathElement.Compare(a.Item1, b.Item1));
        return children;
    }
}
