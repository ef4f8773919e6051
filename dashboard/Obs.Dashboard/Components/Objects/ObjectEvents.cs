using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Components.Objects;

/// <summary>The events about one object, from the cache: newest first.</summary>
public static class ObjectEvents
{
    public static IReadOnlyList<JsonObject> For(ClusterCache cache, JsonObject obj)
    {
        var uid = ObjectMeta.Uid(obj);
        var kind = obj.StringAt("kind");
        var name = ObjectMeta.Name(obj);
        return cache.Lister(ResourceTypes.Event).List(ObjectMeta.Namespace(obj))
            .Where(e => About(e, uid, kind, name))
            .OrderByDescending(LastSeen, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>When the event last happened: the timestamps events.k8s.io and core events use, in order of preference.</summary>
    public static string LastSeen(JsonObject e) =>
        e.StringAt("series", "lastObservedTime") ?? e.StringAt("lastTimestamp") ?? e.StringAt("eventTime") ?? e.StringAt("metadata", "creationTimestamp") ?? "";

    // The uid decides when both carry one (a re-created object of the same name is another object);
    // events written without a uid match by kind and name.
    private static bool About(JsonObject e, string? uid, string? kind, string? name)
    {
        var involved = e["involvedObject"] ?? e["regarding"];
        var eventUid = involved.StringAt("uid");
        if (!string.IsNullOrEmpty(eventUid) && !string.IsNullOrEmpty(uid)) return eventUid == uid;
        return involved.StringAt("name") == name && (kind is null || involved.StringAt("kind") == kind);
    }
}
