using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Events;

/// <summary>One core/v1 Event as the list shows it: what happened to which object, how often, and when last.</summary>
public sealed record EventRow(
    string Namespace,
    string Name,
    string Type,
    string Reason,
    string Message,
    string ObjectKind,
    string ObjectName,
    string? ObjectNamespace,
    string Source,
    long Count,
    DateTimeOffset Last)
{
    public static EventRow FromJson(JsonObject e)
    {
        // Events from newer clients set eventTime (and series) instead of lastTimestamp; the object's creation is the last resort.
        var last = Timestamps.Parse(e.StringAt("series", "lastObservedTime"))
                   ?? Timestamps.Parse(e.StringAt("lastTimestamp"))
                   ?? Timestamps.Parse(e.StringAt("eventTime"))
                   ?? Timestamps.Parse(e.StringAt("metadata", "creationTimestamp"))
                   ?? DateTimeOffset.MinValue;
        return new EventRow(
            ObjectMeta.Namespace(e) ?? "",
            ObjectMeta.Name(e) ?? "",
            e.StringAt("type") is { Length: > 0 } t ? t : "Normal",
            e.StringAt("reason") ?? "",
            e.StringAt("message") ?? e.StringAt("note") ?? "",
            e.StringAt("involvedObject", "kind") ?? "",
            e.StringAt("involvedObject", "name") ?? "",
            e.StringAt("involvedObject", "namespace"),
            e.StringAt("source", "component") ?? e.StringAt("reportingComponent") ?? "",
            e.LongAt("series", "count") ?? e.LongAt("count") ?? 1,
            last);
    }

    public string? ObjectHref => Components.Objects.ObjectLinks.For(ObjectKind, ObjectNamespace, ObjectName);
}
