using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Pages.Overview;

namespace Obs.Dashboard.Live;

/// <summary>
/// The parts of pages that re-render on a /live event: each answers with the component's HTML
/// alone (no layout), for htmx to swap in place. Read from the cache, like the pages themselves.
/// </summary>
public static class Fragments
{
    public const string OverviewHealth = "/fragments/overview/health";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(OverviewHealth, (ClusterCache cache) =>
            new RazorComponentResult<ClusterHealthTiles>(new Dictionary<string, object?> { ["Health"] = ClusterHealth.From(cache) }));
}
