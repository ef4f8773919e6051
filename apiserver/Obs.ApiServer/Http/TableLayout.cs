using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>The columns of a resource's Table and how one object fills them.</summary>
public sealed record TableLayout(IReadOnlyList<JsonObject> Columns, Func<JsonObject, DateTimeOffset, IReadOnlyList<JsonNode?>> Cells)
{
    public static TableLayout For(ResourceType type) => NameAndAge;

    private static readonly TableLayout NameAndAge = new(
        [
            Column("Name", "string", "name", "Name must be unique within a namespace.", 0),
            Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0),
        ],
        (obj, now) => [ObjectMeta.Name(obj), Age(obj, now)]);

    public static JsonObject Column(string name, string type, string format, string description, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = priority,
    };

    private static string Age(JsonObject obj, DateTimeOffset now)
    {
        if (Timestamps.Parse(obj.StringAt("metadata", "creationTimestamp")) is not { } created) return "<unknown>";
        var d = now - created;
        if (d < TimeSpan.Zero) return "0s";
        if (d.TotalMinutes < 2) return $"{(int)d.TotalSeconds}s";
        if (d.TotalMinutes < 10) return d.Seconds == 0 ? $"{(int)d.TotalMinutes}m" : $"{(int)d.TotalMinutes}m{d.Seconds}s";
        if (d.TotalHours < 3) return $"{(int)d.TotalMinutes}m";
        if (d.TotalHours < 8) return d.Minutes == 0 ? $"{(int)d.TotalHours}h" : $"{(int)d.TotalHours}h{d.Minutes}m";
        if (d.TotalHours < 48) return $"{(int)d.TotalHours}h";
        return $"{(int)d.TotalDays}d";
    }
}
