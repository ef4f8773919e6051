using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Tests.Hosting;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages.Workloads;

/// <summary>
/// The pages served by the real host over a real apiserver to a signed-in user: rendered from the
/// informer cache, with forms that Blazor's endpoint renderer dispatches (named handler, antiforgery)
/// and actions made with the user's own token.
/// </summary>
public sealed class WorkloadPagesHostTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private readonly string _ns = "host-" + Guid.NewGuid().ToString("N")[..8];
    private DashboardHost _host = null!;
    private DashboardBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        using var api = ApiClient.FromKubeconfig(cluster.Kubeconfig);
        await api.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = _ns } });
        var deployment = WorkloadObjects.Deployment(_ns, "web");
        ((JsonObject)deployment["metadata"]!).Remove("uid");
        ((JsonObject)deployment["metadata"]!).Remove("creationTimestamp");
        deployment.Remove("status");
        await api.CreateAsync(ResourceTypes.Deployment, deployment);

        _host = DashboardHost.Create(new DashboardOptions { Port = 0, Kubeconfig = cluster.Kubeconfig }, _ => { });
        await _host.StartAsync();
        // The cache service starts its informers in the background; the pages are ready once the deployment is in it.
        var cache = _host.Services.GetRequiredService<ClusterCache>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (cache.Lister(ResourceTypes.Deployment).Get(_ns, "web") is null) await Task.Delay(50, deadline.Token);
        _browser = new DashboardBrowser(new Uri(_host.Url));
        await _browser.SignInAsync(TestPki.Token);
    }

    [Fact]
    public async Task TheListIsServedFromTheCacheWithItsFilters()
    {
        var html = await _browser.Http.GetStringAsync($"/workloads/deployments?namespace={_ns}");

        Assert.Contains($"href=\"/workloads/deployments/{_ns}/web\">web</a>", html);
        Assert.Contains($"<option value=\"{_ns}\" selected>{_ns}</option>", html);
    }

    [Fact]
    public async Task AnActionFormPostsBackActsAsTheUserAndShowsItsOutcome()
    {
        using var response = await _browser.SubmitAsync($"/workloads/deployments/{_ns}/web", "scale", new Dictionary<string, string> { ["Replicas"] = "5" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scaled to 5 replicas.</p>", await response.Content.ReadAsStringAsync());
        using var api = ApiClient.FromKubeconfig(cluster.Kubeconfig);
        Assert.Equal(5, (await api.GetAsync(ResourceTypes.Deployment, _ns, "web"))["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var response = await _browser.Http.PostAsync($"/workloads/deployments/{_ns}/web", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "scale",
            ["Replicas"] = "5",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheLogStreamIsRoutedAndAnonymousVisitorsAreSentToSignIn()
    {
        using var anonymous = new DashboardBrowser(new Uri(_host.Url));
        using var response = await anonymous.GetAsync($"/pods/{_ns}/web-1/log/stream?container=main");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", anonymous.LocalPath(response));
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }
}
