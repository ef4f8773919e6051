using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Pages.Events;

namespace Obs.Dashboard.Live;

/// <summary>
/// What one /live stream wants to hear of a topic's changes, asked of each changed object as it changes:
/// <list type="bullet">
/// <item><c>about=Kind/namespace/name</c> (repeatable): events about one of these objects, and pods that are one of them
/// or run for one of them (controlled by it directly, or through its ReplicaSet or Job), so a pod page re-fetches on its
/// own pod only and a workload page on its own pods;</item>
/// <item>the events list's filters (<c>namespace</c>, <c>kind</c>, <c>name</c>, <c>type</c>, <c>reason</c>, <c>q</c>, as
/// <see cref="EventQuery"/> reads them): events that list would show.</item>
/// </list>
/// Other topics' changes are heard whole.
/// </summary>
public sealed class LiveFilter(IReadOnlySet<string> about, EventQuery? events, ClusterCache cache)
{
    // ReplicaSet → Deployment, Job → CronJob: a pod's controllers are at most this many steps above it.
    private const int MaxOwnerDepth = 3;

    public bool Matches(string topic, JsonObject obj) => topic switch
    {
        "events" => (about.Count == 0 || LiveSubject.OfEvent(obj).Any(about.Contains)) && (events?.Matches(EventRow.FromJson(obj)) ?? true),
        "pods" => about.Count == 0 || PodSubjects(obj).Any(about.Contains),
        _ => true,
    };

    /// <summary>The pod itself and the controllers above it that the cache knows, as subjects.</summary>
    private IEnumerable<string> PodSubjects(JsonObject pod)
    {
        var ns = ObjectMeta.Namespace(pod);
        yield return LiveSubject.Of("Pod", ns, ObjectMeta.Name(pod));
        var current = pod;
        for (var depth = 0; depth < MaxOwnerDepth && Controller(current) is { } owner; depth++)
        {
            var kind = owner.StringAt("kind");
            var name = owner.StringAt("name");
            yield return LiveSubject.Of(kind, ns, name);
            if (ClusterCache.Watched.FirstOrDefault(t => t.Kind == kind && t.Namespaced) is not { } type || name is null) yield break;
            if (cache.Lister(type).Get(ns, name) is not { } next) yield break;
            current = next;
        }
    }

    private static JsonObject? Controller(JsonObject obj) =>
        (obj.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r.BoolAt("controller") == true);
}
