using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Event printer as it was written over a node tree before rows were read from the bytes in place
/// (<c>EventRow</c>), kept here only as the independent reference <see cref="EventRowTests"/>
/// compares the product's rows against.
/// </summary>
internal static class ReferenceEventTable
{
    /// <summary>The row of a parsed document, through a node tree of it (as cached Events were printed).</summary>
    public static JsonNode?[] Cells(JsonElement ev, DateTimeOffset now) => Cells(TreeFields.LastWins(ev), now);

    public static JsonNode?[] Cells(JsonObject ev, DateTimeOffset now)
    {
        var firstTimestamp = Fields.Text(ev, "firstTimestamp");
        var firstSeen = firstTimestamp.Length > 0
            ? HumanDuration.Since(firstTimestamp, now)
            : HumanDuration.Since(Fields.Text(ev, "eventTime"), now);
        var lastTimestamp = Fields.Text(ev, "lastTimestamp");
        var lastSeen = lastTimestamp.Length > 0 ? HumanDuration.Since(lastTimestamp, now) : firstSeen;

        var count = Fields.Integer(ev, "count");
        if (ev["series"] is JsonObject series)
        {
            lastSeen = HumanDuration.Since(Fields.Text(series, "lastObservedTime"), now);
            count = Fields.Integer(series, "count");
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = Fields.Text(ev, "involvedObject", "kind").ToLowerInvariant();
        var name = Fields.Text(ev, "involvedObject", "name");
        var target = name.Length > 0 ? $"{kind}/{name}" : kind;

        return
        [
            JsonValue.Create(lastSeen),
            JsonValue.Create(Fields.Text(ev, "type")),
            JsonValue.Create(Fields.Text(ev, "reason")),
            JsonValue.Create(target),
            JsonValue.Create(Fields.Text(ev, "involvedObject", "fieldPath")),
            JsonValue.Create(Source(ev)),
            JsonValue.Create(Fields.Text(ev, "message").Trim()),
            JsonValue.Create(firstSeen),
            JsonValue.Create(count),
            JsonValue.Create(Fields.Text(ev, "metadata", "name")),
        ];
    }

    private static string Source(JsonObject ev)
    {
        var component = FirstNonEmpty(Fields.Text(ev, "source", "component"), Fields.Text(ev, "reportingComponent"));
        var instance = FirstNonEmpty(Fields.Text(ev, "source", "host"), Fields.Text(ev, "reportingInstance"));
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
