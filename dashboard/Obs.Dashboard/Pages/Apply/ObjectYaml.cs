using System.Text.Json.Nodes;

namespace Obs.Dashboard.Pages.Apply;

/// <summary>An object as the editor shows it: managedFields dropped (noise to a reader, and the server keeps them anyway), the resourceVersion kept so a save is a compare-and-swap, Secret values masked until revealed.</summary>
public static class ObjectYaml
{
    public const string Mask = "••••";

    public static JsonObject ForEditor(JsonObject obj, bool revealSecrets)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject meta) meta.Remove("managedFields");
        if (!revealSecrets && copy["kind"]?.GetValue<string>() == "Secret")
        {
            foreach (var field in new[] { "data", "stringData" })
            {
                if (copy[field] is not JsonObject values) continue;
                foreach (var key in values.Select(p => p.Key).ToList()) values[key] = Mask;
            }
            // kubectl.kubernetes.io/last-applied-configuration holds the values too.
            if (copy["metadata"]?["annotations"] is JsonObject annotations) annotations.Remove("kubectl.kubernetes.io/last-applied-configuration");
        }
        return copy;
    }
}
