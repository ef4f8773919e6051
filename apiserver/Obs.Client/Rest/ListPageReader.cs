using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Client.Rest;

/// <summary>
/// Reads a LIST answer from its stream one item at a time: each item is parsed on its own, from a buffer that holds
/// little more than the largest item, as the bytes arrive. Parsed as one document, a page of 500 pods (about 1 MB)
/// took a buffer the size of the page and a token table twice as large, both rented from the shared array pool in
/// doubling steps up to 2 MB. The pool keeps what it is given back: after the scheduler's informers had listed 50,000
/// pods it held some 20 MB of such arrays, which stayed resident long after the last page was read.
/// </summary>
internal sealed class ListPageReader
{
    private const int InitialBufferBytes = 16 * 1024;

    private readonly ResourceType _type;
    private readonly List<JsonObject> _items = [];
    private JsonObject? _metadata;
    private string? _property; // the top-level property whose value comes next
    private bool _inItems;     // inside the items array
    private bool _started;     // past the answer's opening brace

    private ListPageReader(ResourceType type)
    {
        _type = type;
    }

    public static async Task<ObjectList> ReadAsync(Stream stream, ResourceType type, CancellationToken cancellationToken)
    {
        var page = new ListPageReader(type);
        var buffer = new byte[InitialBufferBytes];
        var state = new JsonReaderState();
        // The bytes read and not yet parsed (from the start of an unfinished token or item) are buffer[start..end].
        var start = 0;
        var end = 0;
        var final = false;
        while (!final)
        {
            ReadBuffer.MakeRoom(ref buffer, ref start, ref end);
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            end += read;
            final = read == 0;
            start += page.Parse(buffer.AsSpan(start, end - start), final, ref state);
        }
        return new ObjectList(page._items, page._metadata.StringAt("resourceVersion") ?? "",
            page._metadata.StringAt("continue") is { Length: > 0 } c ? c : null, page._metadata.LongAt("remainingItemCount"));
    }

    /// <summary>
    /// Reads every whole token and item of <paramref name="data"/>; returns how many bytes it used. An item or a
    /// property value that is not all there yet is left for the next call, which starts at its first byte.
    /// </summary>
    private int Parse(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (true)
        {
            var before = reader.CurrentState;
            var used = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                state = reader.CurrentState;
                return (int)reader.BytesConsumed;
            }
            if (!_started)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("a LIST answered with a body that is not a JSON object");
                _started = true;
                continue;
            }
            if (_inItems)
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _inItems = false;
                    continue;
                }
                if (!TryReadValue(ref reader, data, out var item))
                {
                    state = before;
                    return used;
                }
                if (item.Length > 0 && item[0] == (byte)'{') AddItem(item);
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _property = reader.GetString();
                    break;
                case JsonTokenType.StartArray when _property == "items":
                    _inItems = true;
                    break;
                case JsonTokenType.EndObject:
                    break;
                default:
                    if (!TryReadValue(ref reader, data, out var value))
                    {
                        state = before;
                        return used;
                    }
                    if (_property == "metadata") _metadata = JsonNode.Parse(value) as JsonObject;
                    break;
            }
        }
    }

    /// <summary>The whole value that starts at the reader's token, or false when its end has not arrived yet.</summary>
    private static bool TryReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, out ReadOnlySpan<byte> value)
    {
        var start = (int)reader.TokenStartIndex;
        if (!reader.TrySkip())
        {
            value = default;
            return false;
        }
        value = data[start..(int)reader.BytesConsumed];
        return true;
    }

    private void AddItem(ReadOnlySpan<byte> json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        // Lists leave kind and apiVersion off their items; informer objects carry them as watch objects do.
        obj["kind"] ??= _type.Kind;
        obj["apiVersion"] ??= _type.ApiVersion;
        _items.Add(obj);
    }
}
