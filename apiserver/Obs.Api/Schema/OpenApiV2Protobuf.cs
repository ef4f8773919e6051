using System.Text.Json.Nodes;

namespace Obs.Api.Schema;

/// <summary>
/// A swagger 2.0 document as gnostic's <c>openapi.v2.Document</c> message, the form kubectl asks <c>/openapi/v2</c> for.
/// Only what the documents here carry is written: swagger, info, and definitions with their schemas. Values of any
/// type (defaults, enums, examples, vendor extensions) go as gnostic's Any with the JSON text as its YAML.
/// </summary>
public static class OpenApiV2Protobuf
{
    public static byte[] Encode(JsonObject document)
    {
        var writer = new ProtoWireWriter();
        writer.String(1, document["swagger"]?.GetValue<string>());
        var info = new ProtoWireWriter();
        info.String(1, document["info"]?["title"]?.GetValue<string>());
        info.String(2, document["info"]?["version"]?.GetValue<string>());
        writer.Message(2, info);
        writer.Message(8, new ProtoWireWriter());
        var definitions = new ProtoWireWriter();
        foreach (var (name, schema) in document["definitions"] as JsonObject ?? [])
        {
            if (schema is JsonObject s) definitions.Message(1, Named(name, Schema(s)));
        }
        writer.Message(9, definitions);
        return writer.ToArray();
    }

    private static ProtoWireWriter Schema(JsonObject schema)
    {
        var w = new ProtoWireWriter();
        w.String(1, Text(schema["$ref"]));
        w.String(2, Text(schema["format"]));
        w.String(3, Text(schema["title"]));
        w.String(4, Text(schema["description"]));
        if (schema["default"] is { } defaultValue) w.Message(5, Any(defaultValue));
        w.Double(6, Number(schema["multipleOf"]));
        w.Double(7, Number(schema["maximum"]));
        w.Bool(8, Flag(schema["exclusiveMaximum"]));
        w.Double(9, Number(schema["minimum"]));
        w.Bool(10, Flag(schema["exclusiveMinimum"]));
        w.Int64(11, (long)Number(schema["maxLength"]));
        w.Int64(12, (long)Number(schema["minLength"]));
        w.String(13, Text(schema["pattern"]));
        w.Int64(14, (long)Number(schema["maxItems"]));
        w.Int64(15, (long)Number(schema["minItems"]));
        w.Bool(16, Flag(schema["uniqueItems"]));
        w.Int64(17, (long)Number(schema["maxProperties"]));
        w.Int64(18, (long)Number(schema["minProperties"]));
        foreach (var required in schema["required"] as JsonArray ?? []) w.String(19, Text(required));
        foreach (var value in schema["enum"] as JsonArray ?? []) w.Message(20, Any(value));
        switch (schema["additionalProperties"])
        {
            case JsonObject additional:
                var item = new ProtoWireWriter();
                item.Message(1, Schema(additional));
                w.Message(21, item);
                break;
            case JsonValue allowed when allowed.TryGetValue<bool>(out var flag):
                // A oneof: false must be written too, unlike a plain bool field.
                var boolean = new ProtoWireWriter();
                boolean.Bool(2, true);
                w.Message(21, flag ? boolean : FalseAdditionalProperties());
                break;
        }
        if (schema["type"] is { } type)
        {
            var types = new ProtoWireWriter();
            foreach (var name in type is JsonArray list ? list : [type.DeepClone()]) types.String(1, Text(name));
            w.Message(22, types);
        }
        if (schema["items"] is { } items)
        {
            var each = new ProtoWireWriter();
            foreach (var itemSchema in items is JsonArray list ? list.OfType<JsonObject>() : items is JsonObject one ? [one] : []) each.Message(1, Schema(itemSchema));
            w.Message(23, each);
        }
        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>()) w.Message(24, Schema(part));
        if (schema["properties"] is JsonObject properties)
        {
            var named = new ProtoWireWriter();
            foreach (var (name, property) in properties)
            {
                if (property is JsonObject p) named.Message(1, Named(name, Schema(p)));
            }
            w.Message(25, named);
        }
        w.Bool(27, Flag(schema["readOnly"]));
        if (schema["example"] is { } example) w.Message(30, Any(example));
        foreach (var (name, value) in schema)
        {
            if (!name.StartsWith("x-", StringComparison.Ordinal) || value is null) continue;
            w.Message(31, Named(name, Any(value)));
        }
        return w;
    }

    /// <summary>The oneof's boolean case set to false: the tag with a zero value, which proto3 scalars would leave out.</summary>
    private static ProtoWireWriter FalseAdditionalProperties()
    {
        var w = new ProtoWireWriter();
        w.Raw([2 << 3, 0]);
        return w;
    }

    private static ProtoWireWriter Named(string name, ProtoWireWriter value)
    {
        var w = new ProtoWireWriter();
        w.String(1, name);
        w.Message(2, value);
        return w;
    }

    private static ProtoWireWriter Any(JsonNode? value)
    {
        var w = new ProtoWireWriter();
        w.String(2, value?.ToJsonString() ?? "null");
        return w;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    private static bool Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
