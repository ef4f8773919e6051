using System.Text.Json.Nodes;

namespace Obs.Dashboard.Alerting;

/// <summary>
/// A silence of exactly one alert: every label of it must match, so the silence covers this alert
/// and not its siblings. The duration is in Alertmanager's notation (<c>1h</c>, <c>4h</c>, <c>1d</c>, <c>90m</c>).
/// </summary>
public sealed record SilenceRequest(IReadOnlyDictionary<string, string> Labels, string Duration, string? Comment)
{
    public JsonObject ToJson()
    {
        var body = new JsonObject
        {
            ["matchers"] = new JsonArray(Labels.Select(l => (JsonNode)new JsonObject
            {
                ["name"] = l.Key,
                ["value"] = l.Value,
                ["isRegex"] = false,
                ["isEqual"] = true,
            }).ToArray()),
            ["duration"] = Duration,
        };
        if (!string.IsNullOrWhiteSpace(Comment)) body["comment"] = Comment.Trim();
        return body;
    }
}
