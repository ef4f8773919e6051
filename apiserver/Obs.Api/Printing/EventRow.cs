using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// An Event's row (see <see cref="EventTable"/>) read from its UTF-8 JSON in one forward pass, building no
/// tree: <c>kubectl get events -A</c> lists every Event in the cluster, and parsing each one again was most
/// of the cost. Reads as the lenient tree lookups do: a missing or mistyped field is empty, and a later
/// duplicate property replaces an earlier one whole.
/// </summary>
internal static class EventRow
{
    public static JsonNode?[] Cells(ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        var ev = Read(json.Span);
        var firstSeen = HumanDuration.Since(ev.FirstTimestamp.Length > 0 ? ev.FirstTimestamp : ev.EventTime, now);
        var lastSeen = ev.LastTimestamp.Length > 0 ? HumanDuration.Since(ev.LastTimestamp, now) : firstSeen;
        var count = ev.Count;
        if (ev.HasSeries)
        {
            lastSeen = HumanDuration.Since(ev.SeriesLastObservedTime, now);
            count = ev.SeriesCount;
        }
        else if (count == 0)
        {
            // Singleton events from the new API carry no count.
            count = 1;
        }

        var kind = ev.ObjectKind.ToLowerInvariant();
        var component = FirstNonEmpty(ev.SourceComponent, ev.ReportingComponent);
        var instance = FirstNonEmpty(ev.SourceHost, ev.ReportingInstance);
        return
        [
            Cell.Text(lastSeen),
            Cell.Text(ev.Type),
            Cell.Text(ev.Reason),
            Cell.Text(ev.ObjectName.Length > 0 ? $"{kind}/{ev.ObjectName}" : kind),
            Cell.Text(ev.FieldPath),
            Cell.Text(instance.Length == 0 ? component : $"{component}, {instance}"),
            Cell.Text(ev.Message.Trim()),
            Cell.Text(firstSeen),
            Cell.Integer(count),
            Cell.Text(ev.Name),
        ];
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;

    /// <summary>The fields the row shows; "" (or 0) when missing or mistyped.</summary>
    private sealed class EventFields
    {
        public string Name = "", Type = "", Reason = "", Message = "";
        public string ObjectKind = "", ObjectName = "", FieldPath = "";
        public string SourceComponent = "", SourceHost = "", ReportingComponent = "", ReportingInstance = "";
        public string FirstTimestamp = "", LastTimestamp = "", EventTime = "";
        public long Count;
        public bool HasSeries;
        public string SeriesLastObservedTime = "";
        public long SeriesCount;
    }

    private static EventFields Read(ReadOnlySpan<byte> json)
    {
        var ev = new EventFields();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return ev;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("metadata"u8)) ReadMetadata(ref reader, ev);
            else if (reader.ValueTextEquals("type"u8)) ev.Type = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("reason"u8)) ev.Reason = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("message"u8)) ev.Message = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("involvedObject"u8)) ReadInvolvedObject(ref reader, ev);
            else if (reader.ValueTextEquals("source"u8)) ReadSource(ref reader, ev);
            else if (reader.ValueTextEquals("reportingComponent"u8)) ev.ReportingComponent = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("reportingInstance"u8)) ev.ReportingInstance = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("firstTimestamp"u8)) ev.FirstTimestamp = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("lastTimestamp"u8)) ev.LastTimestamp = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("eventTime"u8)) ev.EventTime = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("count"u8)) ev.Count = Utf8Fields.Integer(ref reader);
            else if (reader.ValueTextEquals("series"u8)) ReadSeries(ref reader, ev);
            else reader.Skip();
        }
        return ev;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, EventFields ev)
    {
        ev.Name = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) ev.Name = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }

    private static void ReadInvolvedObject(ref Utf8JsonReader reader, EventFields ev)
    {
        ev.ObjectKind = ev.ObjectName = ev.FieldPath = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("kind"u8)) ev.ObjectKind = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("name"u8)) ev.ObjectName = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("fieldPath"u8)) ev.FieldPath = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }

    private static void ReadSource(ref Utf8JsonReader reader, EventFields ev)
    {
        ev.SourceComponent = ev.SourceHost = "";
        if (!Utf8Fields.EnterObject(ref reader)) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("component"u8)) ev.SourceComponent = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("host"u8)) ev.SourceHost = Utf8Fields.Text(ref reader);
            else reader.Skip();
        }
    }

    /// <summary>Present only as an object: a null or mistyped series is no series.</summary>
    private static void ReadSeries(ref Utf8JsonReader reader, EventFields ev)
    {
        ev.SeriesLastObservedTime = "";
        ev.SeriesCount = 0;
        ev.HasSeries = Utf8Fields.EnterObject(ref reader);
        if (!ev.HasSeries) return;
        while (Utf8Fields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("lastObservedTime"u8)) ev.SeriesLastObservedTime = Utf8Fields.Text(ref reader);
            else if (reader.ValueTextEquals("count"u8)) ev.SeriesCount = Utf8Fields.Integer(ref reader);
            else reader.Skip();
        }
    }
}
