using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Cli.Cluster;

/// <summary>
/// Writes a JSON tree as block-style YAML. Every string is double-quoted with JSON's escapes, which
/// YAML reads the same, so no value (a token, a Go template, a regular expression) is ever misread.
/// </summary>
public static class AlertmanagerYaml
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonObject root, IEnumerable<string> headerComments)
    {
        var sb = new StringBuilder();
        foreach (var line in headerComments) sb.Append("# ").Append(line).Append('\n');
        WriteObject(sb, root, 0, firstInline: false);
        return sb.ToString();
    }

    /// <summary>Keys at <paramref name="indent"/>; with <paramref name="firstInline"/> the first shares the line of a list item's "- ".</summary>
    private static void WriteObject(StringBuilder sb, JsonObject obj, int indent, bool firstInline)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (value is null) continue;
            if (!(first && firstInline)) sb.Append(' ', indent);
            first = false;
            sb.Append(Key(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    private static void WriteValue(StringBuilder sb, JsonNode value, int indent)
    {
        switch (value)
        {
            case JsonObject o when o.Count == 0:
                sb.Append(" {}\n");
                break;
            case JsonObject o:
                sb.Append('\n');
                WriteObject(sb, o, indent + 2, firstInline: false);
                break;
            case JsonArray a when a.Count == 0:
                sb.Append(" []\n");
                break;
            case JsonArray a:
                sb.Append('\n');
                foreach (var item in a)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject io && io.Count > 0) WriteObject(sb, io, indent + 2, firstInline: true);
                    else sb.Append(Scalar(item)).Append('\n');
                }
                break;
            default:
                sb.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Key(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && key.Length > 0 ? key : Scalar(JsonValue.Create(key));

    private static string Scalar(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(node.GetValue<string>(), Quoting),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node.ToJsonString(),
    };
}
