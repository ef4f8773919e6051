using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages.Workloads;

/// <summary>
/// The pages served by the real host over a real apiserver: rendered from the informer cache, with
/// forms that Blazor's endpoint renderer dispatches (named handler, antiforgery). Nobody signs in
/// here (sign-in is the shell's), so an action comes back as the "nobody is signed in" message —
/// which is what shows that a failed action is a message on the page, not a 500.
/// </summary>
public sealed partial class WorkloadPagesHostTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private readonly string _ns = "host-" + Guid.NewGuid().ToString("N")[..8];
    private DashboardHost _host = null!;
    private HttpClient _http = null!;

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
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_host.Url) };
    }

    [Fact]
    public async Task TheListIsServedFromTheCacheWithItsFilters()
    {
        var html = await _http.GetStringAsync($"/workloads/deployments?namespace={_ns}");

        Assert.Contains($"href=\"/workloads/deployments/{_ns}/web\">web</a>", html);
        Assert.Contains($"<option value=\"{_ns}\" selected>{_ns}</option>", html);
    }

    [Fact]
    public async Task AnActionFormPostsBackAndItsFailureIsShownOnThePage()
    {
        var page = await _http.GetStringAsync($"/workloads/deployments/{_ns}/web");
        Assert.Contains("name=\"_handler\" value=\"scale\"", page);
        var token = Token().Match(page).Groups[1].Value;

        using var response = await _http.PostAsync($"/workloads/deployments/{_ns}/web", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "scale",
            ["__RequestVerificationToken"] = token,
            ["Replicas"] = "5",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p class=\"outcome error\" role=\"alert\">nobody is signed in</p>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefused()
    {
        using var response = await _http.PostAsync($"/workloads/deployments/{_ns}/web", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "scale",
            ["Replicas"] = "5",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheLogStreamIsRoutedAndAsksForSignIn()
    {
        using var response = await _http.GetAsync($"/pods/{_ns}/web-1/log/stream?container=main");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Sign in to read logs.\n", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }
}
