using Obs.Api.Resources;
using Obs.Dashboard.Pages.Pods;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Pods;

public sealed class PodsPageTests
{
    private readonly CachedObjects _objects = new();

    private Task<string> RenderAsync(string query = "") =>
        _objects.RenderAsync<PodsPage>("http://dashboard.test/pods" + query);

    [Fact]
    public async Task NoPodsAtAllSaysTheClusterHasNone()
    {
        var html = await RenderAsync();

        Assert.Contains("There are no pods in the cluster.", html);
    }

    [Fact]
    public async Task FiltersThatMatchNothingSaySo()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"));

        var html = await RenderAsync("?search=nomatch");

        Assert.Contains("No pods match these filters.", html);
        Assert.Contains("value=\"nomatch\"", html);
    }

    [Fact]
    public async Task AnInvalidSelectorIsShownNextToItsField()
    {
        var html = await RenderAsync("?selector=app%3D%3D%3D");

        Assert.Contains("Invalid label selector:", html);
        Assert.Contains("value=\"app===\"", html);
    }

    [Fact]
    public async Task PageTwoOfFiveThousandPodsShowsTheRightRows()
    {
        for (var i = 0; i < 5000; i++) _objects.Add(ResourceTypes.Pod, PodObjects.Running("load", $"pod-{i:D4}"));

        var html = await RenderAsync("?page=2");

        Assert.Contains(">pod-0050</a>", html);
        Assert.Contains(">pod-0099</a>", html);
        Assert.DoesNotContain(">pod-0049</a>", html);
        Assert.DoesNotContain(">pod-0100</a>", html);
        Assert.Contains("51–100 of 5000", html);
        Assert.Contains("Page 2 of 100", html);
        Assert.Contains("<a rel=\"next\" href=\"/pods?page=3\">Next</a>", html);
    }

    [Fact]
    public async Task StatusesReadAsKubectlPrintsThem()
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"))
            .Add(ResourceTypes.Pod, PodObjects.CrashLooping("shop", "api-2"))
            .Add(ResourceTypes.Pod, PodObjects.Completed("shop", "migrate"))
            .Add(ResourceTypes.Pod, PodObjects.Terminating("shop", "old"));

        var html = await RenderAsync("?namespace=shop");

        Assert.Contains("<span class=\"status-badge badge-degraded\">CrashLoopBackOff</span>", html);
        Assert.Contains("<td>4 (60s ago)</td>", html);
        Assert.Contains("<span class=\"status-badge badge-neutral\">Completed</span>", html);
        Assert.Contains("<span class=\"status-badge badge-progressing\">Terminating</span>", html);
        Assert.Contains("<span class=\"status-badge badge-healthy\">Running</span>", html);
        Assert.Contains("<td>1/1</td>", html);
        Assert.Contains("<td>node-1</td>", html);
        Assert.Contains(">10m</time>", html);
        Assert.Contains("hx-get=\"/pods?namespace=shop\" hx-trigger=\"sse:pods\" hx-target=\"#pods-list\" hx-select=\"#pods-list\"", html);
    }

    [Fact]
    public async Task WaitingToStartReadsAsProgressingAndOnlyFailuresReadRed()
    {
        var lost = PodObjects.Unscheduled("shop", "lost");
        lost["status"]!["phase"] = "Unknown";
        _objects.Add(ResourceTypes.Pod, PodObjects.Unscheduled("shop", "queued"))
            .Add(ResourceTypes.Pod, PodObjects.Waiting("shop", "pulling", "ContainerCreating"))
            .Add(ResourceTypes.Pod, PodObjects.Waiting("shop", "bad-image", "ImagePullBackOff"))
            .Add(ResourceTypes.Pod, PodObjects.Waiting("shop", "no-image", "ErrImagePull"))
            .Add(ResourceTypes.Pod, PodObjects.Terminated("shop", "greedy", "OOMKilled", "Failed"))
            .Add(ResourceTypes.Pod, PodObjects.Terminated("shop", "broke", "Error", "Failed"))
            .Add(ResourceTypes.Pod, lost);

        var html = await RenderAsync("?namespace=shop");

        Assert.Contains("<span class=\"status-badge badge-progressing\">Pending</span>", html);
        Assert.Contains("<span class=\"status-badge badge-progressing\">ContainerCreating</span>", html);
        Assert.Contains("<span class=\"status-badge badge-degraded\">ImagePullBackOff</span>", html);
        Assert.Contains("<span class=\"status-badge badge-degraded\">ErrImagePull</span>", html);
        Assert.Contains("<span class=\"status-badge badge-degraded\">OOMKilled</span>", html);
        Assert.Contains("<span class=\"status-badge badge-degraded\">Error</span>", html);
        Assert.Contains("<span class=\"status-badge badge-degraded\">Unknown</span>", html);
        Assert.DoesNotContain("class=\"badge ", html);
    }

    [Theory]
    [InlineData("crash-looping", new[] { "api-2" })]
    [InlineData("not-ready", new[] { "api-2", "waiting-1" })]
    [InlineData("running", new[] { "api-1", "api-2" })]
    [InlineData("succeeded", new[] { "job-1" })]
    [InlineData("pending", new[] { "waiting-1" })]
    public async Task TheStatusFilterShowsThePodsInThatState(string status, string[] shown)
    {
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("shop", "api-1"))
            .Add(ResourceTypes.Pod, PodObjects.CrashLooping("shop", "api-2"))
            .Add(ResourceTypes.Pod, PodObjects.Completed("shop", "job-1"))
            .Add(ResourceTypes.Pod, PodObjects.Unscheduled("shop", "waiting-1"));

        var html = await RenderAsync("?status=" + status);

        foreach (var name in new[] { "api-1", "api-2", "job-1", "waiting-1" })
        {
            if (shown.Contains(name)) Assert.Contains($">{name}</a>", html);
            else Assert.DoesNotContain($">{name}</a>", html);
        }
        Assert.Contains($"<option value=\"{status}\" selected>", html);
    }

    [Fact]
    public async Task TheStatusFilterStaysInTheLiveRefreshAndThePagerLinks()
    {
        for (var i = 0; i < 60; i++) _objects.Add(ResourceTypes.Pod, PodObjects.CrashLooping("load", $"pod-{i:D2}"));
        _objects.Add(ResourceTypes.Pod, PodObjects.Running("load", "fine"));

        var html = await RenderAsync("?namespace=load&status=crash-looping");

        Assert.Contains("hx-get=\"/pods?namespace=load&amp;status=crash-looping\"", html);
        Assert.Contains("<a rel=\"next\" href=\"/pods?namespace=load&amp;status=crash-looping&amp;page=2\">Next</a>", html);
        Assert.Contains("1–50 of 60", html);
    }
}
