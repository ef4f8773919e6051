using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Obs.Dashboard.Components.Objects;

/// <summary>
/// An object as YAML, the way <c>kubectl get -o yaml</c> shows it: managedFields left out (noise
/// to a reader), keys in the object's order, strings quoted only when YAML would misread them.
/// </summary>
public static class ObjectYaml
{
    public static string Format(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, new EmitterSettings().WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Write(emitter, copy);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Write(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, false, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(Scalar(key, isString: true));
                    Write(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, false, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) Write(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(Scalar(value.GetValue<string>(), isString: true));
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                // Numbers and booleans: their JSON text is also their YAML text.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    // A string that reads as another type in YAML (true, 1.5, null, "") is quoted so it stays a string;
    // multi-line text becomes a literal block, as kubectl writes it.
    private static Scalar Scalar(string text, bool isString)
    {
        if (text.Contains('\n')) return new Scalar(null, null, text, ScalarStyle.Literal, true, false);
        var style = isString && LooksLikeOtherType(text) ? ScalarStyle.SingleQuoted : ScalarStyle.Any;
        return new Scalar(null, null, text, style, true, true);
    }

    private static bool LooksLikeOtherType(string text) =>
        text.Length == 0
        || text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "no" or "No" or "on" or "On" or "off" or "Off" or "y" or "n"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase);
}
