using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Dashboard.Pages.Workloads;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Workloads;

public sealed class WorkloadDetailPageTests
{
    private readonly CachedObjects _objects = new();

    private Task<string> RenderAsync(string kind, string ns, string name, string query = "") =>
        _objects.RenderAsync<WorkloadDetailPage>($"http://dashboard.test/workloads/{kind}/{ns}/{name}{query}",
            new Dictionary<string, object?> { ["KindSlug"] = kind, ["Namespace"] = ns, ["Name"] = name });

    private JsonObject DeploymentWithHistory()
    {
        var deployment = WorkloadObjects.Deployment("shop", "web", image: "nginx:1.27");
        var old = WorkloadObjects.ReplicaSet(deployment, "aaa", 1, "nginx:1.25", 0);
        var current = WorkloadObjects.ReplicaSet(deployment, "bbb", 2, "nginx:1.27", 3);
        _objects.Add(ResourceTypes.Deployment, deployment).Add(ResourceTypes.ReplicaSet, old).Add(ResourceTypes.ReplicaSet, current);
        for (var i = 0; i < 3; i++) _objects.Add(ResourceTypes.Pod, WorkloadObjects.Pod(current, $"web-bbb-{i}"));
        _objects.Add(ResourceTypes.Pod, WorkloadObjects.Pod(WorkloadObjects.Deployment("shop", "other"), "not-mine"));
        return deployment;
    }

    /// <summary>ReplicationController shop/legacy and its two pods, which it owns directly.</summary>
    private void ReplicationControllerWithPods()
    {
        var controller = WorkloadObjects.ReplicationController("shop", "legacy", replicas: 2);
        _objects.Add(ResourceTypes.ReplicationController, controller);
        for (var i = 0; i < 2; i++) _objects.Add(ResourceTypes.Pod, WorkloadObjects.Pod(controller, $"legacy-{i}"));
    }

    [Fact]
    public async Task ADeploymentShowsItsPodsThroughItsReplicaSetsAndItsRevisions()
    {
        DeploymentWithHistory();

        var html = await RenderAsync("deployments", "shop", "web");

        Assert.Contains("Deployment web", html);
        Assert.Contains("badge-healthy", html);
        Assert.Contains("Pods (3)", html);
        // The status under the title and the pods refresh together from one re-fetch, on the stream one wrapper opens for both.
        Assert.Contains("<div class=\"live-refresh\" hidden hx-get=\"/workloads/deployments/shop/web\" hx-trigger=\"sse:pods, sse:workloads\" hx-target=\"#workload-status\" hx-select=\"#workload-status\" hx-swap=\"outerHTML\" hx-select-oob=\"#workload-pods\"></div>", html);
        Assert.Contains("<div id=\"workload-status\">", html);
        Assert.Contains("<section id=\"workload-pods\"", html);
        Assert.Equal(1, html.Split("sse-connect=").Length - 1);
        // The one stream also carries the Deployment's own events, which its events section re-fetches itself on.
        Assert.Contains("sse-connect=\"/live?topic=pods&amp;topic=workloads&amp;topic=events&amp;about=Deployment%2Fshop%2Fweb&amp;since=0\"", html);
        Assert.Contains("hx-get=\"/fragments/events?about=Deployment%2Fshop%2Fweb\" hx-trigger=\"sse:events\" hx-target=\"#object-events\" hx-select=\"#object-events\"", html);
        Assert.Contains("href=\"/pods/shop/web-bbb-0\"", html);
        Assert.DoesNotContain("not-mine", html);
        Assert.Contains("<h2 id=\"revisions-heading\">Revision history</h2>", html);
        Assert.Contains("<option value=\"1\">1 (nginx:1.25)</option>", html);
        Assert.DoesNotContain("<option value=\"2\">", html);
        Assert.Contains("<label for=\"scale-replicas\">Replicas</label>", html);
        Assert.Contains("value=\"3\"", html);
        Assert.Contains("<button type=\"submit\">Scale</button>", html);
        Assert.Contains("Pause rollout", html);
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.DoesNotContain("Run now", html);
        Assert.Contains("<a href=\"/yaml/deployments/shop/web\">Edit YAML</a>", html);
    }

    [Fact]
    public async Task DeleteAsksForConfirmationNamingWhatGoesWithIt()
    {
        DeploymentWithHistory();

        var html = await RenderAsync("deployments", "shop", "web", "?confirm=delete");

        Assert.Contains("Delete Deployment web?", html);
        Assert.Contains("Its 2 ReplicaSets (web-aaa, web-bbb) and 3 pods (web-bbb-0, web-bbb-1, web-bbb-2) will be deleted with it.", html);
        Assert.Contains("<button type=\"submit\" class=\"danger\">Delete deployment web</button>", html);
    }

    [Fact]
    public async Task ALongListOfWhatGoesWithItNamesTheFirstFewAndCountsTheRest()
    {
        var deployment = WorkloadObjects.Deployment("shop", "big");
        var replicas = WorkloadObjects.ReplicaSet(deployment, "ccc", 1, "nginx:1.27", 8);
        _objects.Add(ResourceTypes.Deployment, deployment).Add(ResourceTypes.ReplicaSet, replicas);
        for (var i = 0; i < 8; i++) _objects.Add(ResourceTypes.Pod, WorkloadObjects.Pod(replicas, $"big-ccc-{i}"));

        var html = await RenderAsync("deployments", "shop", "big", "?confirm=delete");

        Assert.Contains("Its 1 ReplicaSet (big-ccc) and 8 pods (big-ccc-0, big-ccc-1, big-ccc-2, big-ccc-3, big-ccc-4 and 3 more) will be deleted with it.", html);
    }

    [Fact]
    public async Task AReplicationControllerShowsItsPodsSelectorAndScale()
    {
        ReplicationControllerWithPods();

        var html = await RenderAsync("replicationcontrollers", "shop", "legacy");

        Assert.Contains("ReplicationController legacy", html);
        Assert.Contains("badge-healthy", html);
        Assert.Contains("Pods (2)", html);
        Assert.Contains("href=\"/pods/shop/legacy-1\"", html);
        Assert.Contains("app=legacy", html);
        Assert.DoesNotContain("&lt;error&gt;", html);
        Assert.Contains("<button type=\"submit\">Scale</button>", html);
        Assert.DoesNotContain("<button type=\"submit\">Restart</button>", html);
        Assert.Contains("<a href=\"/yaml/replicationcontrollers/shop/legacy\">Edit YAML</a>", html);
    }

    [Fact]
    public async Task DeletingAReplicationControllerNamesItsPods()
    {
        ReplicationControllerWithPods();

        var html = await RenderAsync("replicationcontrollers", "shop", "legacy", "?confirm=delete");

        Assert.Contains("Delete ReplicationController legacy?", html);
        Assert.Contains("Its 2 pods (legacy-0, legacy-1) will be deleted with it.", html);
        Assert.Contains("<button type=\"submit\" class=\"danger\">Delete replicationcontroller legacy</button>", html);
    }

    [Fact]
    public async Task AWorkloadThatOwnsNothingSaysSoBeforeItIsDeleted()
    {
        _objects.Add(ResourceTypes.Deployment, WorkloadObjects.Deployment("shop", "empty"));

        var html = await RenderAsync("deployments", "shop", "empty", "?confirm=delete");

        Assert.Contains("Nothing else goes with it: it has no pods.", html);
    }

    [Fact]
    public async Task WithoutConfirmationThereIsNoDeleteForm()
    {
        DeploymentWithHistory();

        var html = await RenderAsync("deployments", "shop", "web");

        Assert.Contains("href=\"/workloads/deployments/shop/web?confirm=delete\"", html);
        Assert.DoesNotContain("Delete deployment web</button>", html);
    }

    [Fact]
    public async Task ACronJobOffersRunNowAndNoScale()
    {
        _objects.Add(ResourceTypes.CronJob, new JsonObject
        {
            ["metadata"] = CachedObjects.Meta("ops", "backup", TimeSpan.FromDays(1)),
            ["spec"] = new JsonObject { ["schedule"] = "0 3 * * *", ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = WorkloadObjects.Template("backup", "busybox") } } },
        });

        var html = await RenderAsync("cronjobs", "ops", "backup");

        Assert.Contains("Run now", html);
        Assert.Contains("0 3 * * *", html);
        Assert.DoesNotContain("scale-replicas", html);
    }

    [Fact]
    public async Task AMissingWorkloadSaysItIsNotInTheCluster()
    {
        var html = await RenderAsync("deployments", "shop", "gone");

        Assert.Contains("Deployment shop/gone is not in the cluster", html);
    }
}
