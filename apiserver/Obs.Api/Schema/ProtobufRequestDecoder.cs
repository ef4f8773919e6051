using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Schema;

/// <summary>
/// Turns an <c>application/vnd.kubernetes.protobuf</c> request body into the JSON object the same
/// request would have carried as JSON. kubectl 1.32+ sends typed create commands this way.
/// The body is <c>k8s\0</c> then <c>runtime.Unknown{1: typeMeta{1: apiVersion, 2: kind}, 2: raw,
/// 3: contentEncoding, 4: contentType}</c>, and <c>raw</c> is the object in the generated.proto layout.
/// </summary>
public static class ProtobufRequestDecoder
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    private const int MaxDepth = 64;

    /// <summary>The object in the body, with apiVersion and kind from its type meta.</summary>
    /// <exception cref="ProtobufDecodingException">The body is not a well-formed protobuf object of a known kind.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body) => Decode(body, ApiSchema.Default);

    public static JsonObject Decode(ReadOnlySpan<byte> body, ApiSchema schema)
    {
        if (!body.StartsWith(Magic)) throw new ProtobufDecodingException("body does not start with the protobuf envelope prefix k8s\\0");
        string apiVersion = "", kind = "", contentEncoding = "";
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoWireReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is >= 1 and <= 4 && wireType != ProtoWireReader.LengthDelimited)
                throw new ProtobufDecodingException($"runtime.Unknown field {number} has wire type {wireType}");
            switch (number)
            {
                case 1:
                    var typeMeta = new ProtoWireReader(reader.ReadLengthDelimited());
                    while (!typeMeta.AtEnd)
                    {
                        var (n, w) = typeMeta.ReadTag();
                        if (n is 1 or 2 && w == ProtoWireReader.LengthDelimited)
                        {
                            var text = Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                            if (n == 1) apiVersion = text; else kind = text;
                        }
                        else typeMeta.Skip(w);
                    }
                    break;
                case 2: raw = reader.ReadLengthDelimited(); break;
                case 3: contentEncoding = Encoding.UTF8.GetString(reader.ReadLengthDelimited()); break;
                default: reader.Skip(wireType); break;
            }
        }
        if (contentEncoding.Length > 0) throw new ProtobufDecodingException($"content encoding \"{contentEncoding}\" is not supported");
        if (kind.Length == 0) throw new ProtobufDecodingException("the protobuf envelope names no kind");
        var type = schema.ForKind(apiVersion, kind)
            ?? throw new ProtobufDecodingException($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        DecodeMessage(raw, type, result, kind, 0);
        return result;
    }

    /// <summary>Decodes one message of <paramref name="type"/> into <paramref name="into"/>.</summary>
    public static JsonObject DecodeMessage(ReadOnlySpan<byte> message, SchemaType type)
    {
        var result = new JsonObject();
        DecodeMessage(message, type, result, type.Name, 0);
        return result;
    }

    private static void DecodeMessage(ReadOnlySpan<byte> message, SchemaType type, JsonObject into, string path, int depth)
    {
        if (depth > MaxDepth) throw new ProtobufDecodingException($"{path}: nested too deeply");
        var reader = new ProtoWireReader(message);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!type.ProtoFields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }
            var fieldPath = field.IsInline ? path : $"{path}.{field.JsonName}";
            if (field.IsInline)
            {
                DecodeMessage(Payload(ref reader, wireType, fieldPath), field.Type.Object!, into, path, depth + 1);
                continue;
            }
            switch (field.Type.Kind)
            {
                case SchemaTypeKind.Array:
                    var list = into[field.JsonName] as JsonArray ?? new JsonArray();
                    into[field.JsonName] = list;
                    AppendElements(ref reader, wireType, field.Type.Element!, list, fieldPath, depth);
                    break;
                case SchemaTypeKind.Map:
                    var map = into[field.JsonName] as JsonObject ?? new JsonObject();
                    into[field.JsonName] = map;
                    AddMapEntry(Payload(ref reader, wireType, fieldPath), field.Type.Element!, map, fieldPath, depth);
                    break;
                default:
                    var value = DecodeValue(ref reader, wireType, field.Type, fieldPath, depth);
                    if (value is null || (!field.IsPointer && IsZero(value, field.Type))) into.Remove(field.JsonName);
                    else into[field.JsonName] = value;
                    break;
            }
        }
    }

    private static void AppendElements(ref ProtoWireReader reader, int wireType, SchemaTypeRef element, JsonArray list, string path, int depth)
    {
        var numeric = element.Kind is SchemaTypeKind.Int32 or SchemaTypeKind.Int64 or SchemaTypeKind.Bool or SchemaTypeKind.Double;
        if (numeric && wireType == ProtoWireReader.LengthDelimited)
        {
            // Packed repeated scalars: one payload holding every element.
            var packed = new ProtoWireReader(reader.ReadLengthDelimited());
            var elementWire = element.Kind == SchemaTypeKind.Double ? ProtoWireReader.Fixed64 : ProtoWireReader.Varint;
            while (!packed.AtEnd) list.Add(DecodeValue(ref packed, elementWire, element, path, depth));
            return;
        }
        list.Add(DecodeValue(ref reader, wireType, element, path, depth));
    }

    private static void AddMapEntry(ReadOnlySpan<byte> entry, SchemaTypeRef element, JsonObject map, string path, int depth)
    {
        var reader = new ProtoWireReader(entry);
        string key = "";
        JsonNode? value = null;
        var hasValue = false;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1) key = Encoding.UTF8.GetString(Payload(ref reader, wireType, path));
            else if (number == 2)
            {
                value = DecodeValue(ref reader, wireType, element, $"{path}[{key}]", depth);
                hasValue = true;
            }
            else reader.Skip(wireType);
        }
        // Proto leaves out an empty value; Go reads it back as the zero value.
        map[key] = hasValue ? value : ZeroValue(element);
    }

    private static JsonNode? DecodeValue(ref ProtoWireReader reader, int wireType, SchemaTypeRef type, string path, int depth)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.String:
                return JsonValue.Create(Encoding.UTF8.GetString(Payload(ref reader, wireType, path)));
            case SchemaTypeKind.Bytes:
                return JsonValue.Create(Convert.ToBase64String(Payload(ref reader, wireType, path)));
            case SchemaTypeKind.Int32:
                return JsonValue.Create((int)(long)Varint(ref reader, wireType, path));
            case SchemaTypeKind.Int64:
                return JsonValue.Create((long)Varint(ref reader, wireType, path));
            case SchemaTypeKind.Bool:
                return JsonValue.Create(Varint(ref reader, wireType, path) != 0);
            case SchemaTypeKind.Double:
                if (wireType != ProtoWireReader.Fixed64) throw WrongWire(path, wireType);
                return JsonValue.Create(BitConverter.Int64BitsToDouble((long)reader.ReadFixed64()));
            case SchemaTypeKind.Quantity:
                return JsonValue.Create(ReadQuantity(Payload(ref reader, wireType, path)));
            case SchemaTypeKind.IntOrString:
                return ReadIntOrString(Payload(ref reader, wireType, path));
            case SchemaTypeKind.Time:
            case SchemaTypeKind.MicroTime:
                return ReadTime(Payload(ref reader, wireType, path), type.Kind == SchemaTypeKind.MicroTime);
            case SchemaTypeKind.RawJson:
                return ReadRawJson(Payload(ref reader, wireType, path), path);
            case SchemaTypeKind.Object:
                var obj = new JsonObject();
                DecodeMessage(Payload(ref reader, wireType, path), type.Object!, obj, path, depth + 1);
                return obj;
            default:
                // Free-form fields are not in any protobuf kubectl sends; leave them out.
                reader.Skip(wireType);
                return null;
        }
    }

    private static string ReadQuantity(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoWireReader(message);
        var text = "";
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == ProtoWireReader.LengthDelimited) text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            else reader.Skip(wireType);
        }
        return text.Length == 0 ? "0" : text;
    }

    private static JsonNode ReadIntOrString(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoWireReader(message);
        long type = 0, intVal = 0;
        var strVal = "";
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1 when wireType == ProtoWireReader.Varint: type = (long)reader.ReadVarint(); break;
                case 2 when wireType == ProtoWireReader.Varint: intVal = (int)(long)reader.ReadVarint(); break;
                case 3 when wireType == ProtoWireReader.LengthDelimited: strVal = Encoding.UTF8.GetString(reader.ReadLengthDelimited()); break;
                default: reader.Skip(wireType); break;
            }
        }
        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    /// <summary>
    /// metav1.Time is <c>{1: seconds, 2: nanos}</c>. Go writes the zero time as an empty message (and
    /// JSON null), so an empty message, like one holding year 1, is left out.
    /// </summary>
    private static JsonNode? ReadTime(ReadOnlySpan<byte> message, bool micro)
    {
        if (message.IsEmpty) return null;
        var reader = new ProtoWireReader(message);
        long seconds = 0, nanos = 0;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == ProtoWireReader.Varint) seconds = (long)reader.ReadVarint();
            else if (number == 2 && wireType == ProtoWireReader.Varint) nanos = (int)(long)reader.ReadVarint();
            else reader.Skip(wireType);
        }
        var zero = DateTime.MinValue.Subtract(DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
        if (seconds <= zero && nanos == 0) return null;
        if (seconds < zero || seconds > 253402300799) throw new ProtobufDecodingException($"time {seconds}s is out of range");
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        if (!micro) return JsonValue.Create(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        time = time.AddTicks(nanos / 100);
        return JsonValue.Create(time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>RawExtension and FieldsV1 are <c>{1: raw}</c> with JSON inside.</summary>
    private static JsonNode? ReadRawJson(ReadOnlySpan<byte> message, string path)
    {
        var reader = new ProtoWireReader(message);
        ReadOnlySpan<byte> raw = default;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == ProtoWireReader.LengthDelimited) raw = reader.ReadLengthDelimited();
            else reader.Skip(wireType);
        }
        if (raw.IsEmpty) return null;
        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new ProtobufDecodingException($"{path}: embedded object is not JSON: {e.Message}");
        }
    }

    private static ReadOnlySpan<byte> Payload(ref ProtoWireReader reader, int wireType, string path) =>
        wireType == ProtoWireReader.LengthDelimited ? reader.ReadLengthDelimited() : throw WrongWire(path, wireType);

    private static ulong Varint(ref ProtoWireReader reader, int wireType, string path) =>
        wireType == ProtoWireReader.Varint ? reader.ReadVarint() : throw WrongWire(path, wireType);

    private static ProtobufDecodingException WrongWire(string path, int wireType) =>
        new($"{path}: unexpected wire type {wireType}");

    /// <summary>Go drops non-pointer zero values (omitempty) when it writes the JSON; so does this.</summary>
    private static bool IsZero(JsonNode value, SchemaTypeRef type) => type.Kind switch
    {
        SchemaTypeKind.String => value.GetValue<string>().Length == 0,
        SchemaTypeKind.Int32 => value.GetValue<int>() == 0,
        SchemaTypeKind.Int64 => value.GetValue<long>() == 0,
        SchemaTypeKind.Bool => !value.GetValue<bool>(),
        SchemaTypeKind.Double => value.GetValue<double>() == 0,
        _ => false,
    };

    private static JsonNode? ZeroValue(SchemaTypeRef type) => type.Kind switch
    {
        SchemaTypeKind.String or SchemaTypeKind.Bytes => JsonValue.Create(""),
        SchemaTypeKind.Int32 or SchemaTypeKind.Int64 or SchemaTypeKind.Double => JsonValue.Create(0),
        SchemaTypeKind.Bool => JsonValue.Create(false),
        SchemaTypeKind.Quantity => JsonValue.Create("0"),
        SchemaTypeKind.Object => new JsonObject(),
        _ => null,
    };
}
