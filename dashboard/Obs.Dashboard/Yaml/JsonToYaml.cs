using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Obs.Dashboard.Yaml;

/// <summary>
/// Writes an object as block YAML for the editor. A string is written plain only when the
/// apiserver's YAML reader would read it back as that same string; otherwise it is quoted, so
/// "1", "true" or "null" round-trip as strings. Multi-line strings use a literal block.
/// </summary>
public static class JsonToYaml
{
    public static string Write(JsonNode? node)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                foreach (var item in array) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValue value:
                // Numbers and booleans as JSON spells them, which YAML reads the same.
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ReadsBackAsItself(text) ? ScalarStyle.Any
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    /// <summary>Whether the text, written plain, is read back by the apiserver's reader as this same string.</summary>
    private static bool ReadsBackAsItself(string text)
    {
        if (text.Length == 0) return false;
        try
        {
            return YamlToJson.Parse(text) is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == text;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
