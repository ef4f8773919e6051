using Obs.Api.Resources;
using Obs.Dashboard.Pages.Workloads;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Workloads;

public sealed class WorkloadsPageTests
{
    private readonly CachedObjects _objects = new();

    private Task<string> RenderAsync(string? kind, string query = "") =>
        _objects.RenderAsync<WorkloadsPage>($"http://dashboard.test/workloads/{kind}{query}", new Dictionary<string, object?> { ["KindSlug"] = kind });

    [Fact]
    public async Task AnEmptyClusterSaysThereAreNoDeployments()
    {
        var html = await RenderAsync(null);

        Assert.Contains("There are no deployments in the cluster.", html);
        Assert.Contains("<a href=\"/workloads/deployments\" aria-current=\"page\" class=\"active\">Deployments</a>", html);
    }

    [Fact]
    public async Task FiltersThatMatchNothingSaySo()
    {
        _objects.Add(ResourceTypes.StatefulSet, WorkloadObjects.Deployment("shop", "db"));

        var html = await RenderAsync("statefulsets", "?namespace=other");

        Assert.Contains("No statefulsets match these filters.", html);
    }

    [Fact]
    public async Task AnInvalidSelectorIsShownAtTheFieldInsteadOfRows()
    {
        _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", "web"));

        var html = await RenderAsync("deployments", "?selector=app%20in%20(web");

        Assert.Contains("id=\"filter-selector-error\"", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task ManyDeploymentsArePagedAndRowsShowCountsImagesAndStatus()
    {
        for (var i = 0; i < 120; i++) _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", $"web-{i:D3}", replicas: 3, ready: i == 60 ? 1 : 3));

        var html = await RenderAsync("deployments", "?page=2");

        Assert.Contains(">web-050</a>", html);
        Assert.Contains(">web-099</a>", html);
        Assert.DoesNotContain(">web-049</a>", html);
        Assert.DoesNotContain(">web-100</a>", html);
        Assert.Contains("51–100 of 120", html);
        Assert.Contains("href=\"/workloads/deployments/shop/web-060\"", html);
        Assert.Contains("<td>1/3</td>", html);
        Assert.Contains("nginx:1.27", html);
        Assert.Contains("badge-healthy", html);
        Assert.Contains("badge-progressing", html);
        Assert.Contains("<a rel=\"next\" href=\"/workloads/deployments?page=3\">Next</a>", html);
    }

    [Fact]
    public async Task AnUnknownKindIsNamed()
    {
        var html = await RenderAsync("gadgets");

        Assert.Contains("There is no workload kind &quot;gadgets&quot;", html);
    }
}
