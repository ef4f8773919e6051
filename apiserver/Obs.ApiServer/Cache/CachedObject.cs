using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// An object in the watch cache: its UTF-8 JSON (with resourceVersion set), and nothing else. Immutable,
/// so any number of requests read it at once. The watch cache holds every object and its recent
/// versions, so a parsed document kept beside each one (about as large again as its bytes, its
/// buffer rounded up to a power of two) was most of the apiserver's memory: readers parse the bytes
/// when they need a tree (<see cref="Parse"/>, <see cref="Parsed"/>), and single fields are read
/// in place (<see cref="Label"/>, <see cref="StringAt"/>, <see cref="JsonPathReader.RawValue"/>). A request that changes an object
/// parses its own copy with <see cref="ToMutable"/>.
/// </summary>
public sealed class CachedObject(ObjectKey key, long revision, byte[] json)
{
    public ObjectKey Key { get; private set; } = key;
    public long Revision { get; } = revision;
    public byte[] Json { get; } = json;

    /// <summary>
    /// Takes the strings of an equal key the watch cache already holds, before the object is published (see
    /// <see cref="WatchCache"/>): keys are read from each request or row, and with 50,000 pods in one namespace every
    /// cached version carried its own copy of the resource's, the namespace's and its name's text.
    /// </summary>
    internal void ShareKeyStrings(string resource, string @namespace, string name)
    {
        if (resource != Key.Resource || @namespace != Key.Namespace || name != Key.Name) throw new ArgumentException("not the same key");
        Key = new ObjectKey(resource, @namespace, name);
    }

    /// <summary>The object parsed for a reader that is done with it before it disposes the document (its buffers are pooled).</summary>
    public JsonDocument Parse() => JsonDocument.Parse(Json);

    /// <summary>The object parsed for a reader that keeps what it reads (a table's cells); left to the GC.</summary>
    public JsonElement Parsed() => JsonDocument.Parse(Json).RootElement;

    /// <summary>A private, mutable copy of the object.</summary>
    public JsonObject ToMutable() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>The label value for a key, or null when the object does not carry it.</summary>
    public string? Label(string key) => JsonPathReader.String(Json, "metadata", "labels", key);

    /// <summary>The string at a path (an event's lastTimestamp), or null when absent or not a string.</summary>
    public string? StringAt(params ReadOnlySpan<string> path) => JsonPathReader.String(Json, path);

    /// <summary>A string field of metadata (uid, deletionTimestamp), or null when absent.</summary>
    public string? MetadataString(string field) => JsonPathReader.String(Json, "metadata", field);

    /// <summary>
    /// Builds the cached form of stored JSON: metadata.resourceVersion set to the revision. JSON this process serialized
    /// (<see cref="StoredJson.Serialize"/>: every change the feed takes from this apiserver's own writes) knows where its
    /// metadata closes, and gets the revision inserted there. Other JSON (read from the database: other apiservers'
    /// changes, the objects loaded at start-up) is copied token by token through a writer, without the node tree a
    /// JsonNode round trip would build. Both give the same bytes: the serializer's output is what that copy writes.
    /// </summary>
    public static CachedObject FromStored(ObjectKey key, long revision, StoredJson stored)
    {
        if (stored.MetadataEnd != StoredJson.Unknown)
        {
            var json = new byte[stored.LengthWithResourceVersion(revision)];
            stored.CopyWithResourceVersion(revision, json);
            return new CachedObject(key, revision, json);
        }
        using var parsed = JsonDocument.Parse(stored.Utf8);
        var output = new ArrayBufferWriter<byte>(stored.Utf8.Length + 48);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteWithResourceVersion(parsed.RootElement, revision, writer);
        }
        return new CachedObject(key, revision, output.WrittenSpan.ToArray());
    }

    private static void WriteWithResourceVersion(JsonElement root, long revision, Utf8JsonWriter writer)
    {
        var resourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        var wroteMetadata = false;
        foreach (var property in root.EnumerateObject())
        {
            if (!property.NameEquals("metadata"))
            {
                property.WriteTo(writer);
                continue;
            }
            // A metadata that is not an object is replaced, as a missing one is added.
            writer.WriteStartObject("metadata");
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in property.Value.EnumerateObject())
                {
                    if (!field.NameEquals("resourceVersion")) field.WriteTo(writer);
                }
            }
            writer.WriteString("resourceVersion", resourceVersion);
            writer.WriteEndObject();
            wroteMetadata = true;
        }
        if (!wroteMetadata)
        {
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", resourceVersion);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Builds the cached form of an object: sets metadata.resourceVersion (on the given node too).</summary>
    public static CachedObject FromNode(ObjectKey key, long revision, JsonObject node)
    {
        SetResourceVersion(node, revision);
        return new CachedObject(key, revision, JsonSerializer.SerializeToUtf8Bytes(node));
    }

    public static void SetResourceVersion(JsonObject node, long revision)
    {
        if (node["metadata"] is not JsonObject meta)
        {
            meta = new JsonObject();
            node["metadata"] = meta;
        }
        meta["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
