using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Serialization;

namespace Obs.Api.Defaults;

/// <summary>JSON text with object keys in ordinal order, so equal trees give equal text whatever order their keys came in.</summary>
internal static class CanonicalJson
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(JsonSerializer.Serialize(key, BuiltInJson.Default.String)).Append(':');
                    Append(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    Append(builder, array[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                // 1, 1.0 and 1e0 are one number: write integers plainly, the rest in round-trip form.
                var text = value.ToJsonString();
                if (DefaultFields.TryInteger(value, out var integer)) builder.Append(integer);
                else if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real)
                    && real == Math.Floor(real) && Math.Abs(real) < 9e15)
                {
                    builder.Append((long)real);
                }
                else builder.Append(text);
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }
}
