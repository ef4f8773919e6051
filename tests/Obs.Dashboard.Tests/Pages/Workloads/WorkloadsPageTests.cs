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
    public async Task ReplicationControllersAreListedWithTheOtherWorkloadsAndFilteredByStatus()
    {
        _objects.Add(ResourceTypes.ReplicationController, WorkloadObjects.ReplicationController("shop", "legacy"));
        _objects.Add(ResourceTypes.ReplicationController, WorkloadObjects.ReplicationController("shop", "short", replicas: 3, ready: 1));
        _objects.Add(ResourceTypes.ReplicationController, WorkloadObjects.ReplicationController("ops", "elsewhere"));

        var all = await RenderAsync("replicationcontrollers");
        var degraded = await RenderAsync("replicationcontrollers", "?status=degraded&namespace=shop");

        Assert.Contains("<a href=\"/workloads/replicationcontrollers\" aria-current=\"page\" class=\"active\">ReplicationControllers</a>", all);
        Assert.Contains("href=\"/workloads/replicationcontrollers/shop/legacy\"", all);
        Assert.Contains("<td>1/3</td>", all);
        Assert.Contains(">elsewhere</a>", all);
        Assert.Contains(">short</a>", degraded);
        Assert.DoesNotContain(">legacy</a>", degraded);
        Assert.DoesNotContain(">elsewhere</a>", degraded);
    }

    [Fact]
    public async Task AnUnknownKindIsNamed()
    {
        var html = await RenderAsync("gadgets");

        Assert.Contains("There is no workload kind &quot;gadgets&quot;", html);
    }

    [Fact]
    public async Task TheStatusFilterShowsOnlyDegradedDeploymentsAndTheLiveRefreshKeepsIt()
    {
        _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", "web"));
        _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", "rolling", ready: 1));
        var broken = WorkloadObjects.Deployment("shop", "broken", ready: 1);
        broken["status"]!["conditions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = "Available", ["status"] = "False" });
        _objects.Add(ResourceTypes.Deployment, broken);

        var html = await RenderAsync("deployments", "?status=degraded");

        Assert.Contains(">broken</a>", html);
        Assert.DoesNotContain(">web</a>", html);
        Assert.DoesNotContain(">rolling</a>", html);
        Assert.Contains("<label for=\"filter-status\">Status</label>", html);
        Assert.Contains("<option value=\"degraded\" selected>Degraded</option>", html);
        Assert.Contains("hx-get=\"/workloads/deployments?status=degraded\"", html);
    }

    [Fact]
    public async Task TheSameStatusWordsServeEveryKind()
    {
        var failed = Job("nightly", "Failed");
        var done = Job("hourly", "Complete");
        _objects.Add(ResourceTypes.Job, failed).Add(ResourceTypes.Job, done);

        var degraded = await RenderAsync("jobs", "?status=degraded");
        var healthy = await RenderAsync("jobs", "?status=healthy&namespace=batch");

        Assert.Contains(">nightly</a>", degraded);
        Assert.DoesNotContain(">hourly</a>", degraded);
        Assert.Contains(">hourly</a>", healthy);
        Assert.DoesNotContain(">nightly</a>", healthy);
        Assert.Contains("href=\"/workloads/jobs\">Clear filters</a>", healthy);
    }

    [Fact]
    public async Task AnUnknownStatusIsNamedAtTheFieldInsteadOfRows()
    {
        _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", "web"));

        var html = await RenderAsync("deployments", "?status=sleepy");

        Assert.Contains("<span id=\"filter-status-error\" class=\"error\" role=\"alert\">Invalid status: there is no status &quot;sleepy&quot; here", html);
        Assert.DoesNotContain("<table", html);
    }

    /// <summary>A Job in namespace batch whose condition <paramref name="condition"/> is true.</summary>
    private static System.Text.Json.Nodes.JsonObject Job(string name, string condition)
    {
        var job = WorkloadObjects.Deployment("batch", name);
        job["kind"] = "Job";
        job["status"] = new System.Text.Json.Nodes.JsonObject
        {
            ["conditions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = condition, ["status"] = "True" }),
        };
        return job;
    }
}
