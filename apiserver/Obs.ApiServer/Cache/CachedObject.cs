using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// An object in the watch cache: its UTF-8 JSON (with resourceVersion set), and nothing else. Immutable,
/// so any number of requests read it at once. The watch cache holds every object and its recent
/// versions, so a parsed document kept beside each one (about as large again as its bytes, its
/// buffer rounded up to a power of two) was most of the apiserver's memory: readers parse the bytes
/// when they need a tree (<see cref="ParseWithoutFieldSets"/>, <see cref="ToMutable"/>), and single fields are read
/// in place (<see cref="Label"/>, <see cref="StringAt"/>, <see cref="JsonPathReader.RawValue"/>). A request that changes an object
/// parses its own copy with <see cref="ToMutable"/>.
/// <para>
/// The managedFields' field sets (each entry's <c>fieldsV1</c>, a third of a pod's bytes) are held apart, one shared
/// copy per content (<see cref="SharedFieldSets"/>), and the object's own bytes (<see cref="JsonWithoutFieldSets"/>)
/// carry <c>{}</c> in their place: still valid JSON, so every field reader (labels, selectors, printers, the
/// cluster-state metrics) reads those bytes as before. Whatever serves or changes the object reads the whole text:
/// <see cref="Length"/> and <see cref="CopyTo"/>, <see cref="WriteTo"/>, <see cref="ToMutable"/>, <see cref="ToJson"/>.
/// </para>
/// </summary>
public sealed class CachedObject
{
    /// <summary>A field set shorter than this stays in the object's bytes: a slot and a shared copy would cost more.</summary>
    internal const int SharedFieldSetMinLength = 48;

    private static readonly byte[] EmptyFieldSet = "{}"u8.ToArray();

    private readonly byte[] _text;
    // In the order they stand in _text; null when the object has none.
    private readonly FieldSetSlot[]? _fieldSets;

    /// <summary>Caches <paramref name="json"/>, the object's whole text; its field sets are taken out and shared.</summary>
    public CachedObject(ObjectKey key, long revision, byte[] json) : this(key, revision, json, json)
    {
    }

    /// <summary>
    /// From the whole text in <paramref name="json"/>; <paramref name="array"/> is its array when the object may keep it.
    /// <paramref name="fieldSets"/> says where its field sets stand when the writer noted it; else they are looked for.
    /// </summary>
    private CachedObject(ObjectKey key, long revision, ReadOnlySpan<byte> json, byte[]? array, (int Start, int Length)[]? fieldSets = null)
    {
        Key = key;
        Revision = revision;
        (_text, _fieldSets) = fieldSets is null
            ? WithoutFieldSets(json, array, CollectionsMarshal.AsSpan(ManagedFieldSets.Find(json)))
            : WithoutFieldSets(json, array, fieldSets);
    }

    public ObjectKey Key { get; private set; }
    public long Revision { get; }

    /// <summary>
    /// The object's JSON with each managedFields entry's long field set shown as <c>{}</c>: for reading its fields,
    /// never for serving it (<see cref="CopyTo"/>).
    /// </summary>
    public ReadOnlyMemory<byte> JsonWithoutFieldSets => _text;

    /// <summary>The length of the object's whole JSON.</summary>
    public int Length => LengthOf(0, _text.Length);

    /// <summary>The bytes this object alone keeps alive (not its shared field sets): what the cache's history counts.</summary>
    internal int OwnBytes => _text.Length + (_fieldSets?.Length ?? 0) * 16;

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

    /// <summary>
    /// The object without its field sets (<see cref="JsonWithoutFieldSets"/>) parsed for a reader of its fields that is
    /// done with it before it disposes the document (its buffers are pooled).
    /// </summary>
    public JsonDocument ParseWithoutFieldSets() => JsonDocument.Parse(_text.AsMemory());

    /// <summary>The whole object parsed for a reader that keeps what it reads; left to the GC.</summary>
    public JsonElement Parsed() => JsonDocument.Parse(ToJson()).RootElement;

    /// <summary>A private, mutable copy of the whole object.</summary>
    public JsonObject ToMutable()
    {
        if (_fieldSets is null) return JsonNode.Parse(_text)!.AsObject();
        var length = Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            CopyTo(buffer);
            // Parsing copies what it reads, so the buffer goes back at once.
            return JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The whole JSON as a new array.</summary>
    public byte[] ToJson()
    {
        if (_fieldSets is null) return _text;
        var json = new byte[Length];
        CopyTo(json);
        return json;
    }

    /// <summary>Copies the whole JSON (<see cref="Length"/> bytes) into <paramref name="into"/>.</summary>
    public void CopyTo(Span<byte> into) => CopyRange(0, _text.Length, into);

    /// <summary>Writes the whole object as one raw value (a list's item, a row's object).</summary>
    public void WriteTo(Utf8JsonWriter writer) => WriteRange(writer, 0, _text.Length);

    /// <summary>
    /// Writes the value at <paramref name="part"/> of <see cref="JsonWithoutFieldSets"/> (a slice of it, such as its
    /// metadata read with <see cref="JsonPathReader.RawValue"/>) as one raw value, with its field sets.
    /// </summary>
    public void WritePartTo(Utf8JsonWriter writer, ReadOnlySpan<byte> part)
    {
        if (!_text.AsSpan().Overlaps(part, out var start) || start < 0 || start + part.Length > _text.Length)
            throw new ArgumentException("not a part of this object's bytes", nameof(part));
        WriteRange(writer, start, start + part.Length);
    }

    /// <summary>The label value for a key, or null when the object does not carry it.</summary>
    public string? Label(string key) => JsonPathReader.String(_text, "metadata", "labels", key);

    /// <summary>The string at a path (an event's lastTimestamp), or null when absent or not a string.</summary>
    public string? StringAt(params ReadOnlySpan<string> path) => JsonPathReader.String(_text, path);

    /// <summary>A string field of metadata (uid, deletionTimestamp), or null when absent.</summary>
    public string? MetadataString(string field) => JsonPathReader.String(_text, "metadata", field);

    private void WriteRange(Utf8JsonWriter writer, int start, int end)
    {
        if (_fieldSets is null)
        {
            writer.WriteRawValue(_text.AsSpan(start, end - start), skipInputValidation: true);
            return;
        }
        // The writer takes a raw value in one piece (a second one would be written as the next value, after a
        // comma), so the object is put together in a pooled buffer first: one more copy of a few kilobytes, from
        // memory the copy itself has just brought into the processor's cache.
        var length = LengthOf(start, end);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        CopyRange(start, end, buffer);
        writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private int LengthOf(int start, int end)
    {
        var length = end - start;
        foreach (var slot in _fieldSets ?? [])
        {
            if (slot.At >= start && slot.At < end) length += slot.Value.Length - EmptyFieldSet.Length;
        }
        return length;
    }

    private void CopyRange(int start, int end, Span<byte> into)
    {
        var from = start;
        var at = 0;
        foreach (var slot in _fieldSets ?? [])
        {
            if (slot.At < start || slot.At >= end) continue;
            _text.AsSpan(from, slot.At - from).CopyTo(into[at..]);
            at += slot.At - from;
            slot.Value.CopyTo(into[at..]);
            at += slot.Value.Length;
            from = slot.At + EmptyFieldSet.Length;
        }
        _text.AsSpan(from, end - from).CopyTo(into[at..]);
    }

    /// <summary>
    /// The object's bytes with each long field set replaced by <c>{}</c>, and the field sets taken out (shared), or the
    /// bytes as they are when there is none to take out.
    /// </summary>
    private static (byte[] Text, FieldSetSlot[]? FieldSets) WithoutFieldSets(ReadOnlySpan<byte> json, byte[]? array,
        ReadOnlySpan<(int Start, int Length)> found)
    {
        var length = json.Length;
        var count = 0;
        foreach (var range in found)
        {
            if (range.Length < SharedFieldSetMinLength) continue;
            length -= range.Length - EmptyFieldSet.Length;
            count++;
        }
        if (count == 0) return (array ?? json.ToArray(), null);
        var text = new byte[length];
        var slots = new FieldSetSlot[count];
        var from = 0;
        var at = 0;
        var i = 0;
        foreach (var range in found)
        {
            if (range.Length < SharedFieldSetMinLength) continue;
            json[from..range.Start].CopyTo(text.AsSpan(at));
            at += range.Start - from;
            slots[i++] = new FieldSetSlot(at, SharedFieldSets.Share(json.Slice(range.Start, range.Length)));
            EmptyFieldSet.CopyTo(text, at);
            at += EmptyFieldSet.Length;
            from = range.Start + range.Length;
        }
        json[from..].CopyTo(text.AsSpan(at));
        return (text, slots);
    }

    /// <summary>A field set taken out of the object's bytes: where its <c>{}</c> stands, and its shared text.</summary>
    private readonly record struct FieldSetSlot(int At, byte[] Value);

    /// <summary>
    /// Builds the cached form of stored JSON: metadata.resourceVersion set to the revision. JSON this process serialized
    /// (<see cref="StoredJson.Serialize"/>: every change the feed takes from this apiserver's own writes) knows where its
    /// metadata closes, and gets the revision inserted there; it knows where its field sets stand too
    /// (<see cref="StoredJson.FieldSets"/>), which other JSON is read for (<see cref="ManagedFieldSets.Find"/>). Other
    /// JSON (read from the database: other apiservers' changes, the objects loaded at start-up) is copied token by token
    /// through a writer, without the node tree a JsonNode round trip would build. Both give the same bytes: the
    /// serializer's output is what that copy writes.
    /// </summary>
    public static CachedObject FromStored(ObjectKey key, long revision, StoredJson stored)
    {
        if (stored.MetadataEnd != StoredJson.Unknown)
        {
            // Put together in a pooled buffer: the object keeps only its text without the field sets, a copy of it.
            var length = stored.LengthWithResourceVersion(revision);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            stored.CopyWithResourceVersion(revision, buffer);
            // The field sets stand before the metadata's end, where they were noted: the revision does not move them.
            var obj = new CachedObject(key, revision, buffer.AsSpan(0, length), array: null, stored.FieldSets);
            ArrayPool<byte>.Shared.Return(buffer);
            return obj;
        }
        using var parsed = JsonDocument.Parse(stored.Utf8);
        var output = new ArrayBufferWriter<byte>(stored.Utf8.Length + 48);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteWithResourceVersion(parsed.RootElement, revision, writer);
        }
        return new CachedObject(key, revision, output.WrittenSpan, array: null);
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
