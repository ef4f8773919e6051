using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Live;

/// <summary>
/// What a change is about, as "Kind/namespace/name" ("Node//node-1" for a cluster-scoped object): a
/// /live stream opened with <c>about=</c> hears a topic's changes about that object only, so a pod
/// page is not sent a re-fetch for every event of the cluster. Names cannot hold a slash, so the text is unambiguous.
/// </summary>
public static class LiveSubject
{
    public static string Of(string? kind, string? ns, string? name) => $"{kind}/{ns}/{name}";

    /// <summary>The object's own subject, for the page that shows it.</summary>
    public static string Of(JsonObject obj) => Of(obj.StringAt("kind"), ObjectMeta.Namespace(obj), ObjectMeta.Name(obj));

    /// <summary>
    /// What an event is about: the object it names (core involvedObject or events.k8s.io regarding). An
    /// involved object written without a namespace may be cluster-scoped or in the event's own namespace: both are named.
    /// </summary>
    public static IReadOnlyList<string> OfEvent(JsonObject e)
    {
        if ((e["involvedObject"] ?? e["regarding"]) is not JsonObject involved) return [];
        var kind = involved.StringAt("kind");
        var name = involved.StringAt("name");
        if (involved.StringAt("namespace") is { Length: > 0 } ns) return [Of(kind, ns, name)];
        return ObjectMeta.Namespace(e) is { Length: > 0 } own ? [Of(kind, "", name), Of(kind, own, name)] : [Of(kind, "", name)];
    }

    /// <summary>
    /// The /live stream of a page about <paramref name="subject"/>: <paramref name="topics"/> as they are, and the
    /// events about the subject only (what <see cref="Components.Objects.EventsTable"/> re-fetches on).
    /// </summary>
    public static string EventsStream(string subject, params IEnumerable<string> topics) =>
        "/live?" + string.Concat(topics.Select(t => $"topic={Uri.EscapeDataString(t)}&")) + "topic=events&about=" + Uri.EscapeDataString(subject);

    /// <summary>Whether <paramref name="text"/> has the shape of a subject: a kind, a namespace (empty for cluster-scoped objects) and a name.</summary>
    public static bool IsWellFormed(string text) => TryParse(text, out _, out _, out _);

    public static bool TryParse(string text, out string kind, out string ns, out string name)
    {
        (kind, ns, name) = text.Split('/') is [{ Length: > 0 } k, var n, { Length: > 0 } m] ? (k, n, m) : ("", "", "");
        return kind.Length > 0;
    }
}
