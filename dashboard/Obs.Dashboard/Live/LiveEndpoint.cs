using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Pages.Events;

namespace Obs.Dashboard.Live;

/// <summary>
/// GET /live?topic=pods&amp;topic=nodes: a server-sent event stream with one event named after the
/// topic each time it changes (data "changed"), which the htmx SSE extension turns into
/// `hx-trigger="sse:pods"` re-fetches. A comment every 15 s keeps proxies from closing an idle stream.
/// `&amp;about=Pod/default/web-1` (repeatable) narrows events and pods to that object (a workload: its pods), and the
/// events list's filters (`namespace`, `kind`, `name`, `type`, `reason`, `q`) narrow events to those the list shows
/// (<see cref="LiveFilter"/>): a page re-fetches on the changes it would show, not on every change of the cluster.
/// `&amp;since=N` (<see cref="LiveSince"/>) first tells of each topic that changed after the page was rendered.
/// </summary>
public static class LiveEndpoint
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/live", async (HttpContext context, LiveHub hub, ClusterCache cache, CurrentUser user) =>
        {
            var topics = Values(context, "topic");
            var unknown = topics.Where(t => !LiveTopics.Sources.ContainsKey(t)).ToList();
            if (topics.Count == 0 || unknown.Count > 0)
            {
                await RefuseAsync(context, $"name one or more topics: {string.Join(", ", LiveTopics.Sources.Keys)}" +
                    (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})" : ""));
                return;
            }
            var about = Values(context, "about");
            if (about.FirstOrDefault(a => !LiveSubject.IsWellFormed(a)) is { } malformed)
            {
                await RefuseAsync(context, $"about names an object as Kind/namespace/name (Kind//name when it has no namespace), not \"{malformed}\"");
                return;
            }
            long? since = null;
            if (context.Request.Query["since"].FirstOrDefault() is { } sinceText)
            {
                if (!long.TryParse(sinceText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seen))
                {
                    await RefuseAsync(context, $"since is the change number a page saw (a whole number), not \"{sinceText}\"");
                    return;
                }
                since = seen;
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            // The stream outlives the request's rules: it asks the session's, which are learned again as they age.
            using var subscription = hub.Subscribe(topics, Filter(context, about, cache), since, user.SessionAccess ?? throw new InvalidOperationException("a signed-in user has a session"));
            var cancel = context.RequestAborted;
            try
            {
                await context.Response.WriteAsync(": connected\n\n", cancel);
                await context.Response.Body.FlushAsync(cancel);
                while (!cancel.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                    wait.CancelAfter(KeepAlive);
                    string text;
                    try
                    {
                        text = await subscription.Reader.ReadAsync(wait.Token) is var topic ? $"event: {topic}\ndata: changed\n\n" : "";
                    }
                    catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                    {
                        text = ": keep-alive\n\n";
                    }
                    await context.Response.WriteAsync(text, cancel);
                    await context.Response.Body.FlushAsync(cancel);
                }
            }
            catch (OperationCanceledException)
            {
                // The browser went away (page closed or navigated): nothing to report.
            }
        });

    /// <summary>The stream's filter; null when it asked for whole topics.</summary>
    private static LiveFilter? Filter(HttpContext context, HashSet<string> about, ClusterCache cache)
    {
        string? One(string key) => context.Request.Query[key].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var events = new EventQuery(One("namespace"), One("kind"), One("name"), One("type"), One("reason"), One("q"), 1);
        var filtersEvents = events.IsFiltered;
        return about.Count == 0 && !filtersEvents ? null : new LiveFilter(about, filtersEvents ? events : null, cache);
    }

    private static HashSet<string> Values(HttpContext context, string key) =>
        context.Request.Query[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToHashSet(StringComparer.Ordinal);

    private static Task RefuseAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsync(message);
    }
}
