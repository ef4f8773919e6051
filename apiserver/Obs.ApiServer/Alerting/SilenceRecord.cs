using System.Text.Json.Nodes;

namespace Obs.ApiServer.Alerting;

/// <summary>A silence created through the receiver: Alertmanager's id and what was asked, by whom.</summary>
public sealed record SilenceRecord(string Id, IReadOnlyList<SilenceMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string CreatedBy, string Comment, DateTimeOffset CreatedAt)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["matchers"] = new JsonArray(Matchers.Select(m => (JsonNode)m.ToJson()).ToArray()),
        ["startsAt"] = Rfc3339.Format(StartsAt),
        ["endsAt"] = Rfc3339.Format(EndsAt),
        ["createdBy"] = CreatedBy,
        ["comment"] = Comment,
        ["createdAt"] = Rfc3339.Format(CreatedAt),
    };
}
