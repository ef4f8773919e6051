using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Pages.Overview;

namespace Obs.Dashboard.Live;

/// <summary>
/// The parts of pages that re-render on a /live event: each answers with the component's HTML
/// alone (no layout), for htmx to swap in place. Read from the cache, like the pages themselves.
/// </summary>
public static class Fragments
{
    public const string OverviewHealth = "/fragments/overview/health";
    public const string NodeList = "/fragments/nodes";
    public const string OverviewAlerts = "/fragments/overview/alerts";
    public const string ObjectEvents = "/fragments/events";

    /// <summary>The events section of the object <paramref name="subject"/> (a <see cref="LiveSubject"/>).</summary>
    public static string EventsAbout(string subject) => $"{ObjectEvents}?about={Uri.EscapeDataString(subject)}";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OverviewHealth, (ClusterCache cache, CurrentUser user) =>
            new RazorComponentResult<ClusterHealthTiles>(new Dictionary<string, object?> { ["Health"] = ClusterHealth.From(cache, user.Access) }));
        // The alert tile asks the on-call receiver as the signed-in user, as the overview does.
        endpoints.MapGet(OverviewAlerts, async (CurrentUser user, HttpContext context) =>
        {
            var (counts, error) = await AlertCounts.TryLoadAsync(user, context.RequestAborted);
            return new RazorComponentResult<AlertTile>(new Dictionary<string, object?> { ["Counts"] = counts, ["Error"] = error });
        });
        // The section alone, so following an object's events costs neither a page render nor its charts' Prometheus queries.
        // Not live itself: the page's LiveRefresh that asked for it stays and asks again on the next notice.
        endpoints.MapGet(ObjectEvents, (ClusterCache cache, CurrentUser user, string? about) =>
        {
            if (about is null || !LiveSubject.TryParse(about, out var kind, out var ns, out var name))
                return (IResult)Results.BadRequest("about names the object as Kind/namespace/name (Kind//name when it has no namespace)");
            // An object the user may not read tells nothing of itself, not even its events' uid match.
            if (Watched(kind) is { } type && AccessDenial.ToGet(user, type, ns, name) is { } denied) return Results.Text(denied, statusCode: StatusCodes.Status403Forbidden);
            return new RazorComponentResult<EventsTable>(new Dictionary<string, object?> { ["Object"] = Subject(cache, kind, ns, name), ["Live"] = false });
        });
        endpoints.MapGet(NodeList, async (ClusterCache cache, CurrentUser user, NodeUsageSource usage, HttpContext context) =>
            new RazorComponentResult<NodeTable>(new Dictionary<string, object?>
            {
                ["Rows"] = NodeRow.From(user.Access, cache),
                ["Hidden"] = !user.Access.MayList(ResourceTypes.Node),
                ["Usage"] = await usage.GetAsync(context.RequestAborted),
            }));
    }

    private static ResourceType? Watched(string kind) => ClusterCache.Watched.FirstOrDefault(t => t.Kind == kind);

    /// <summary>
    /// The object from the cache (its uid tells a re-created object's events from the old one's); one no longer there
    /// stands for itself by kind, namespace and name, whose events are still shown until they expire.
    /// </summary>
    private static JsonObject Subject(ClusterCache cache, string kind, string ns, string name) =>
        (Watched(kind) is { } type ? cache.Lister(type).Get(type.Namespaced ? ns : null, name) : null)
        ?? new JsonObject
        {
            ["kind"] = kind,
            ["metadata"] = ns.Length == 0 ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
}
