using Microsoft.Extensions.DependencyInjection;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Tests.Hosting;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Access;

/// <summary>
/// A real apiserver whose token file has, besides the admin (<c>system:masters</c>), a user <c>viewer</c> bound to the
/// default <c>view</c> ClusterRole in the namespace <see cref="Visible"/> only; a pod and an event in it and in
/// <see cref="Hidden"/>, a node; a user <c>watcher</c> who may read the alerts; and the dashboard watching it all with the admin's kubeconfig, as <c>obs up</c> runs it.
/// </summary>
public sealed class ViewerCluster : IAsyncLifetime
{
    public const string ViewerToken = "viewer-token-0123456789";

    /// <summary>The user <c>watcher</c>, bound cluster-wide to <c>obs:alerting-view</c> only: may read the alerts, not act on them.</summary>
    public const string AlertWatcherToken = "watcher-token-0123456789";
    /// <summary>The user <c>cordoner</c>, bound cluster-wide to get, list and patch nodes only: may cordon, not drain.</summary>
    public const string CordonerToken = "cordoner-token-0123456789";
    public const string Visible = "team-a";
    public const string Hidden = "team-b";
    public const string Node = "node-rbac";

    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"obs-dashboard-viewer-tokens-{Guid.NewGuid():N}.csv");

    public TestCluster Cluster { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(_tokenFile, $"{TestPki.Token},admin,admin,\"system:masters\"\n{ViewerToken},viewer,viewer-uid\n{AlertWatcherToken},watcher,watcher-uid\n{CordonerToken},cordoner,cordoner-uid\n");
        Cluster = new TestCluster { Configure = o => o with { TokenFile = _tokenFile } };
        await Cluster.InitializeAsync();
        foreach (var ns in new[] { Visible, Hidden })
        {
            await CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            await CreatePodAsync(ns, $"pod-{ns}");
            await CreateAsync($"/api/v1/namespaces/{ns}/events",
                $$$"""{"metadata":{"name":"ev-{{{ns}}}"},"involvedObject":{"kind":"Pod","namespace":"{{{ns}}}","name":"pod-{{{ns}}}"},"type":"Warning","reason":"Reason{{{ns.Replace("-", "")}}}","message":"about pod-{{{ns}}}"}""");
        }
        await CreateAsync("/api/v1/nodes", $$$"""{"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{Node}}}"}}""");
        await CreateAsync($"/apis/rbac.authorization.k8s.io/v1/namespaces/{Visible}/rolebindings",
            $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"viewer-view","namespace":"{{{Visible}}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"viewer"}]}""");
        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"watcher-alerts"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"obs:alerting-view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"watcher"}]}""");
        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"node-cordoner"},"rules":[{"apiGroups":[""],"resources":["nodes"],"verbs":["get","list","watch","patch"]}]}""");
        await CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"cordoner-nodes"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"node-cordoner"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"cordoner"}]}""");
        Host = DashboardHost.Create(new DashboardOptions { Port = 0, Kubeconfig = Cluster.Kubeconfig }, logging => { });
        await Host.StartAsync();
        await Host.Services.GetRequiredService<ClusterCache>().WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A browser signed in to the dashboard with <paramref name="token"/>.</summary>
    public async Task<DashboardBrowser> SignedInAsync(string token)
    {
        var browser = new DashboardBrowser(new Uri(Host.Url));
        await browser.SignInAsync(token);
        return browser;
    }

    public Task CreatePodAsync(string ns, string name) =>
        CreateAsync($"/api/v1/namespaces/{ns}/pods", $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");

    private async Task CreateAsync(string path, string json)
    {
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, path, json);
        Assert.True(code == 201, $"POST {path}: {code} {body}");
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await Cluster.DisposeAsync();
        File.Delete(_tokenFile);
    }
}
