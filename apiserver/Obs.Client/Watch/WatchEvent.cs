using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Client.Watch;

/// <summary>One line of a watch stream. ERROR lines are not events: <c>WatchAsync</c> throws them.</summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Object)
{
    public string? ResourceVersion => ObjectMeta.ResourceVersion(Object);

    internal static WatchEventType ParseType(string? type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        _ => throw new InvalidDataException($"unknown watch event type \"{type}\""),
    };
}
