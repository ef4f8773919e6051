using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Api.Resources;
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

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OverviewHealth, (ClusterCache cache) =>
            new RazorComponentResult<ClusterHealthTiles>(new Dictionary<string, object?> { ["Health"] = ClusterHealth.From(cache) }));
        // The alert tile asks the on-call receiver as the signed-in user, as the overview does.
        endpoints.MapGet(OverviewAlerts, async (CurrentUser user, HttpContext context) =>
        {
            var (counts, error) = await AlertCounts.TryLoadAsync(user, context.RequestAborted);
            return new RazorComponentResult<AlertTile>(new Dictionary<string, object?> { ["Counts"] = counts, ["Error"] = error });
        });
        endpoints.MapGet(NodeList, (ClusterCache cache) =>
            new RazorComponentResult<NodeTable>(new Dictionary<string, object?>
            {
                ["Rows"] = NodeRow.From(cache.Lister(ResourceTypes.Node).List(), cache.Lister(ResourceTypes.Pod).List()),
            }));
    }
}
