using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// <c>kubectl get events</c> (core/v1 Event): LAST SEEN, TYPE, REASON, OBJECT (<c>pod/web-1</c>), MESSAGE;
/// wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. Events written through the newer events API
/// carry eventTime and series instead of the timestamps and count; both are read.
/// </summary>
internal static class EventTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        CommonColumns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        CommonColumns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        CommonColumns.Text("Object", "The object that this event is about."),
        CommonColumns.Text("Subobject", "The part of the object the event is about, such as a container (fieldPath).", 1),
        CommonColumns.Text("Source", "The component reporting this event.", 1),
        CommonColumns.Text("Message", "A human-readable description of the status of this operation."),
        CommonColumns.Text("First Seen", "The time at which the event was first recorded.", 1),
        CommonColumns.Text("Count", "The number of times this event has occurred.", 1),
        new("Name", "string", "name", "Name must be unique within a namespace; it identifies the object and cannot be updated.", 1),
    ];

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
            // Singleton events from the new API carry no count.
            count = 1;
        }

        var kind = Fields.Text(ev, "involvedObject", "kind").ToLowerInvariant();
        var name = Fields.Text(ev, "involvedObject", "name");
        var target = name.Length > 0 ? $"{kind}/{name}" : kind;

        return
        [
            Cell.Text(lastSeen),
            Cell.Text(Fields.Text(ev, "type")),
            Cell.Text(Fields.Text(ev, "reason")),
            Cell.Text(target),
            Cell.Text(Fields.Text(ev, "involvedObject", "fieldPath")),
            Cell.Text(Source(ev)),
            Cell.Text(Fields.Text(ev, "message").Trim()),
            Cell.Text(firstSeen),
            Cell.Integer(count),
            ObjectCells.Name(ev),
        ];
    }

    /// <summary><c>component, host</c>, falling back to the reporting controller and instance.</summary>
    private static string Source(JsonObject ev)
    {
        var component = FirstNonEmpty(Fields.Text(ev, "source", "component"), Fields.Text(ev, "reportingComponent"));
        var instance = FirstNonEmpty(Fields.Text(ev, "source", "host"), Fields.Text(ev, "reportingInstance"));
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
