using System.Text.Json.Nodes;

namespace Obs.Api.Conversion;

/// <summary>
/// events.k8s.io/v1 ⇄ core/v1 Event, as Kubernetes converts them: the same object under other names
/// (regarding is involvedObject, note is message, reportingController is reportingComponent, the
/// legacy source, timestamps and count carry a <c>deprecated</c> prefix); every other field keeps its
/// name. Nothing is lost either way, so an event written through one API reads the same through the other.
/// </summary>
public static class EventConversion
{
    /// <summary>core/v1 name → events.k8s.io/v1 name, in the order events.k8s.io/v1 writes its fields.</summary>
    private static readonly (string Core, string EventsV1)[] EventsV1Order =
    [
        ("metadata", "metadata"), ("eventTime", "eventTime"), ("series", "series"),
        ("reportingComponent", "reportingController"), ("reportingInstance", "reportingInstance"),
        ("action", "action"), ("reason", "reason"), ("involvedObject", "regarding"), ("related", "related"),
        ("message", "note"), ("type", "type"), ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"), ("count", "deprecatedCount"),
    ];

    /// <summary>The same pairs in the order core/v1 writes its fields.</summary>
    private static readonly (string Core, string EventsV1)[] CoreOrder =
    [
        ("metadata", "metadata"), ("involvedObject", "regarding"), ("reason", "reason"), ("message", "note"),
        ("source", "deprecatedSource"), ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"), ("type", "type"), ("eventTime", "eventTime"), ("series", "series"), ("action", "action"),
        ("related", "related"), ("reportingComponent", "reportingController"), ("reportingInstance", "reportingInstance"),
    ];

    /// <summary>The core/v1 field an events.k8s.io/v1 field is stored as (the same name for those not renamed).</summary>
    public static string CoreField(string eventsV1Field) =>
        Array.Find(EventsV1Order, p => p.EventsV1 == eventsV1Field) is { Core: { } core } ? core : eventsV1Field;

    public static JsonObject ToEventsV1(JsonObject core) =>
        Renamed(core, "events.k8s.io/v1", EventsV1Order.Select(p => (From: p.Core, To: p.EventsV1)));

    public static JsonObject ToCore(JsonObject eventsV1) =>
        Renamed(eventsV1, "v1", CoreOrder.Select(p => (From: p.EventsV1, To: p.Core)));

    private static JsonObject Renamed(JsonObject source, string apiVersion, IEnumerable<(string From, string To)> fields)
    {
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "Event" };
        foreach (var (from, to) in fields)
        {
            if (source.TryGetPropertyValue(from, out var value)) result[to] = value?.DeepClone();
        }
        return result;
    }
}
