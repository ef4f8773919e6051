using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Pages.Pods;
using Obs.Dashboard.Tests.Components;
using Obs.Dashboard.Tests.Prometheus;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages.Pods;

public sealed class PodDetailPageTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private readonly CachedObjects _objects = new();

    private Task<string> RenderAsync(string ns, string name, string query = "", ApiClient? user = null) =>
        _objects.RenderAsync<PodDetailPage>($"http://dashboard.test/pods/{ns}/{name}{query}", new Dictionary<string, object?> { ["Namespace"] = ns, ["Name"] = name }, user);

    [Fact]
    public async Task ContainersShowStateRestartsLastTerminationProbesAndResources()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.CrashLooping("shop", "api-2"));

        var html = await RenderAsync("shop", "api-2");

        Assert.Contains("Pod api-2 <span class=\"status-badge badge-degraded\"", html);
        Assert.Contains("Waiting: CrashLoopBackOff", html);
        Assert.Contains("<td>4</td>", html);
        Assert.Contains("Error, exit code 137, at 2026-01-10T11:59:00Z", html);
        Assert.Contains("<strong>readiness</strong> http-get http://:8080/healthz delay=0s timeout=1s period=5s #success=1 #failure=3", html);
        Assert.Contains("<td>cpu 100m, memory 64Mi</td>", html);
        Assert.Contains("<td>memory 128Mi</td>", html);
        Assert.Contains("<th scope=\"row\">Ready</th>", html);
        Assert.Contains("No events for this object.", html);
    }

    [Fact]
    public async Task DeleteConfirmationSaysTheControllerWillReplaceThePod()
    {
        var pod = PodObjects.Running("shop", "web-1");
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "ReplicaSet", ["name"] = "web-7d9", ["uid"] = "x", ["controller"] = true });
        _objects.Add(ResourceTypes.Pod, pod);

        var html = await RenderAsync("shop", "web-1", "?confirm=delete");

        Assert.Contains("Its controller, ReplicaSet web-7d9, will create a replacement.", html);
        Assert.Contains("Delete pod web-1</button>", html);
    }

    [Fact]
    public async Task LogsAskForSignInWithoutAUser()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"));

        var html = await RenderAsync("shop", "api-1");

        Assert.Contains("<p class=\"error\" role=\"alert\">Sign in to read logs.</p>", html);
        Assert.Contains("<option value=\"app\" selected>app</option>", html);
        Assert.Contains("href=\"/pods/shop/api-1/log/download?container=app\" download", html);
    }

    [Fact]
    public async Task LogsShowTheApisRefusalWhenThePodHasNoNode()
    {
        using var api = ApiClient.FromKubeconfig(cluster.Kubeconfig);
        var ns = "logs-" + Guid.NewGuid().ToString("N")[..8];
        var pod = await PodObjects.CreatePendingAsync(api, ns);
        _objects.Add(ResourceTypes.Pod, pod);

        var html = await RenderAsync(ns, "pending", user: api);

        Assert.Contains("BadRequest: pod pending does not have a host assigned", html);
    }

    [Fact]
    public async Task FollowModeConnectsTheLogToTheStreamOverSse()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"));

        var html = await RenderAsync("shop", "api-1", "?follow=true&search=error");

        Assert.Contains("hx-ext=\"sse\" sse-connect=\"/pods/shop/api-1/log/stream?container=app&amp;tail=500&amp;search=error\"", html);
        Assert.Contains("href=\"/pods/shop/api-1/log/stream?container=app\">follow as plain text</a>", html);
    }

    [Fact]
    public async Task AMissingPodSaysItIsNotInTheCluster()
    {
        var html = await RenderAsync("shop", "gone");

        Assert.Contains("Pod shop/gone is not in the cluster", html);
    }

    [Fact]
    public async Task CpuAndMemoryAreChartedAgainstWhatTheContainersRequestAndAreLimitedTo()
    {
        var queries = new List<string>();
        _objects.Prometheus = CannedPrometheus.Client(queries);
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"));

        var html = System.Net.WebUtility.HtmlDecode(await RenderAsync("shop", "api-1"));

        Assert.Contains(queries, q => q.Contains("sum(rate(container_cpu_usage_seconds_total{namespace=\"shop\",pod=\"api-1\",container!=\"\",container!=\"POD\"}[5m]))", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("sum(container_memory_working_set_bytes{namespace=\"shop\",pod=\"api-1\",container!=\"\",container!=\"POD\"})", StringComparison.Ordinal));
        // The container requests cpu 100m and memory 64Mi and limits memory to 128Mi; it sets no CPU limit, so none is drawn.
        Assert.Contains("aria-label=\"CPU (cores) over time\" data-chart=\"{\"unit\":\"Plain\",\"series\":[\"used\",\"request\"],\"data\":[[1764900000,1764900060],[1,2],[0.1,0.1]]}\"", html);
        Assert.Contains("aria-label=\"Memory (working set) over time\" data-chart=\"{\"unit\":\"Bytes\",\"series\":[\"used\",\"request\",\"limit\"],\"data\":[[1764900000,1764900060],[1,2],[67108864,67108864],[134217728,134217728]]}\"", html);
        Assert.Contains("<span class=\"latest\">now 2 B</span>", html);
    }

    [Fact]
    public async Task PrometheusBeingAwayIsSaidWhereThePodsChartsWouldBe()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"));

        var html = await RenderAsync("shop", "api-1");

        Assert.Contains("<h2 id=\"usage-heading\">CPU and memory (last hour)</h2>", html);
        Assert.Equal(2, html.Split("<p class=\"message info chart-unavailable\">Prometheus is not configured.</p>").Length - 1);
    }
}
