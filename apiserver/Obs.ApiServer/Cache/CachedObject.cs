using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// An object in the watch cache: its UTF-8 JSON (with resourceVersion set) and a read-only
/// parsed view over the same bytes. Immutable, so any number of requests read it at once;
/// a request that changes an object parses its own copy with <see cref="ToMutable"/>.
/// </summary>
public sealed class CachedObject
{
    public CachedObject(ObjectKey key, long revision, byte[] json)
    {
        Key = key;
        Revision = revision;
        Json = json;
        Root = JsonDocument.Parse(json).RootElement;
    }

    public ObjectKey Key { get; }
    public long Revision { get; }
    public byte[] Json { get; }
    public JsonElement Root { get; }

    /// <summary>A private, mutable copy of the object.</summary>
    public JsonObject ToMutable() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>
    /// A node view over the parsed bytes for code that reads nodes (the table printers): it builds
    /// nodes only for the properties read, where <see cref="ToMutable"/> parses the whole object again.
    /// </summary>
    public JsonObject View() => JsonObject.Create(Root)!;

    /// <summary>The label value for a key, or null when the object does not carry it.</summary>
    public string? Label(string key) =>
        Root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("labels", out var labels) &&
        labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>
    /// Builds the cached form of stored JSON: metadata.resourceVersion set to the revision. Copied
    /// token by token through a writer, without the node tree a JsonNode round trip would build:
    /// every change the feed applies and every object loaded at start-up comes through here.
    /// </summary>
    public static CachedObject FromStored(ObjectKey key, long revision, string storedJson)
    {
        using var stored = JsonDocument.Parse(storedJson);
        var output = new ArrayBufferWriter<byte>(storedJson.Length + 48);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteWithResourceVersion(stored.RootElement, revision, writer);
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
