using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Autoscaling;

/// <summary>The HPA's conditions, AbleToScale, ScalingActive and ScalingLimited in that order; a transition time changes only with the status.</summary>
internal sealed class AutoscalerConditions(JsonObject hpa, DateTimeOffset now)
{
    private static readonly string[] Order = ["AbleToScale", "ScalingActive", "ScalingLimited"];
    private readonly Dictionary<string, JsonObject> _conditions =
        ((hpa.At("status", "conditions") as JsonArray)?.OfType<JsonObject>() ?? []).Where(c => c.StringAt("type") is not null)
        .ToDictionary(c => c.StringAt("type")!, c => (JsonObject)c.DeepClone());

    public void Set(string type, bool status, string reason, string message)
    {
        var text = status ? "True" : "False";
        var transition = _conditions.TryGetValue(type, out var old) && old.StringAt("status") == text
            ? old.StringAt("lastTransitionTime")
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        _conditions[type] = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    public JsonArray ToJson() => new(_conditions.Values.OrderBy(c => Array.IndexOf(Order, c.StringAt("type")) is var i && i < 0 ? Order.Length : i)
        .Select(c => (JsonNode)c.DeepClone()).ToArray());
}
