using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.ApiServer.Storage;

/// <summary>
/// An object as the database holds it: UTF-8 JSON without metadata.resourceVersion (the row's revision is that), and,
/// when it was serialized by this process, where its metadata object closes. A write stays in UTF-8 from the serializer
/// to PostgreSQL's text parameter and on to the watch cache, whose form is this one with the revision inserted where the
/// metadata closes (<see cref="Cache.CachedObject.FromStored"/>). Carried as a string, each write was transcoded three
/// times and parsed once more than this.
/// </summary>
/// <param name="Utf8">The JSON, as written to the row.</param>
/// <param name="MetadataEnd">The offset of the metadata object's closing brace; <see cref="Unknown"/> for JSON read back.</param>
/// <param name="FieldSets">
/// Where the field sets of its managedFields stand (each entry's <c>fieldsV1</c> object, in order: what
/// <see cref="Cache.ManagedFieldSets.Find"/> finds by reading), noted as they were written, so that the cache need not
/// read this process's own writes again to find them; null when not noted (JSON read back, or a list held as a value the
/// writer does not walk). They stand before the metadata's end: at the same offsets in the cached form.
/// </param>
public readonly record struct StoredJson(byte[] Utf8, int MetadataEnd = StoredJson.Unknown, (int Start, int Length)[]? FieldSets = null)
{
    public const int Unknown = -1;

    /// <summary>A buffer grown past this by a large object is not kept for the thread's next write.</summary>
    private const int KeptBufferBytes = 256 << 10;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    [ThreadStatic] private static List<(int Start, int Length)>? t_fieldSets;

    /// <summary>
    /// The stored form of an object: the bytes <c>obj.ToJsonString()</c> would encode, without metadata.resourceVersion.
    /// As before, a resourceVersion on <paramref name="obj"/> is moved to the end of its metadata (where responses and the
    /// cache have always carried it).
    /// </summary>
    public static StoredJson Serialize(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        var resourceVersion = metadata?["resourceVersion"];
        metadata?.Remove("resourceVersion");
        try
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
            buffer.ResetWrittenCount();
            var writer = t_writer ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            var metadataEnd = Unknown;
            (int Start, int Length)[]? fieldSets = null;
            // As JsonObject.WriteTo writes an object, but the metadata's end and its field sets are noted on the way.
            writer.WriteStartObject();
            foreach (var (name, value) in obj)
            {
                writer.WritePropertyName(name);
                if (ReferenceEquals(value, metadata) && metadata is not null)
                {
                    writer.WriteStartObject();
                    fieldSets = [];
                    foreach (var (field, fieldValue) in metadata)
                    {
                        writer.WritePropertyName(field);
                        if (field == "managedFields") fieldSets = WriteManagedFields(writer, fieldValue);
                        else WriteValue(writer, fieldValue);
                    }
                    writer.Flush();
                    metadataEnd = buffer.WrittenCount;
                    writer.WriteEndObject();
                }
                else WriteValue(writer, value);
            }
            writer.WriteEndObject();
            writer.Flush();
            var json = buffer.WrittenSpan.ToArray();
            if (buffer.Capacity > KeptBufferBytes) (t_buffer, t_writer) = (null, null);
            return new StoredJson(json, metadataEnd, fieldSets);
        }
        finally
        {
            if (resourceVersion is not null) metadata!["resourceVersion"] = resourceVersion;
        }
    }

    /// <summary>The length of <see cref="CopyWithResourceVersion"/>'s output.</summary>
    public int LengthWithResourceVersion(long revision) => Utf8.Length + ResourceVersionField().Length + DigitCount(revision) + 1;

    /// <summary>
    /// The cached form of this JSON, which is also what a response carries: <c>"resourceVersion":"N"</c> as the last field of
    /// the metadata, copied into <paramref name="into"/> (<see cref="LengthWithResourceVersion"/> bytes). Only for JSON whose
    /// metadata end is known (serialized by this process).
    /// </summary>
    public void CopyWithResourceVersion(long revision, Span<byte> into)
    {
        if (MetadataEnd == Unknown) throw new InvalidOperationException("the metadata's end is not known");
        var field = ResourceVersionField();
        Utf8.AsSpan(0, MetadataEnd).CopyTo(into);
        var at = MetadataEnd;
        field.CopyTo(into[at..]);
        at += field.Length;
        revision.TryFormat(into[at..], out var digitCount, default, System.Globalization.CultureInfo.InvariantCulture);
        at += digitCount;
        into[at++] = (byte)'"';
        Utf8.AsSpan(MetadataEnd).CopyTo(into[at..]);
    }

    private ReadOnlySpan<byte> ResourceVersionField() =>
        Utf8[MetadataEnd - 1] == (byte)'{' ? "\"resourceVersion\":\""u8 : ",\"resourceVersion\":\""u8;

    private static int DigitCount(long revision)
    {
        Span<byte> digits = stackalloc byte[20];
        revision.TryFormat(digits, out var count, default, System.Globalization.CultureInfo.InvariantCulture);
        return count;
    }

    /// <summary>
    /// Writes metadata.managedFields as <see cref="JsonNode.WriteTo"/> does, and returns where the entries' field sets
    /// stand; null when it cannot tell as the reader would (an entry or the list held as a JsonValue of an element).
    /// </summary>
    private static (int Start, int Length)[]? WriteManagedFields(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is not JsonArray entries)
        {
            WriteValue(writer, value);
            return value?.GetValueKind() == JsonValueKind.Array ? null : [];
        }
        var found = t_fieldSets ??= [];
        found.Clear();
        var known = true;
        writer.WriteStartArray();
        foreach (var entry in entries)
        {
            if (entry is not JsonObject fields)
            {
                WriteValue(writer, entry);
                known &= entry?.GetValueKind() != JsonValueKind.Object;
                continue;
            }
            writer.WriteStartObject();
            foreach (var (name, fieldValue) in fields)
            {
                writer.WritePropertyName(name);
                // The writer holds what it has not handed to the buffer yet: its position is both together.
                var start = writer.BytesCommitted + writer.BytesPending;
                WriteValue(writer, fieldValue);
                if (name == "fieldsV1" && fieldValue?.GetValueKind() == JsonValueKind.Object)
                    found.Add(((int)start, (int)(writer.BytesCommitted + writer.BytesPending - start)));
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        return known ? [.. found] : null;
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }
}
