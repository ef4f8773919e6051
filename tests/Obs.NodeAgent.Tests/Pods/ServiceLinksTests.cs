using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>Which Services a starting pod's link variables come from, against a real apiserver.</summary>
public sealed class ServiceLinksTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AServiceCreatedJustBeforeThePodIsLinkedEvenWhenTheInformerHasNotHeardOfIt()
    {
        using var client = Client();
        var ns = await NamespaceAsync(client);
        // Synced, then deaf: the state of an informer whose watch has not yet delivered the newest events.
        var informer = await StoppedInformerAsync(client);
        await CreateServiceAsync(client, ns, "just-made");
        var pod = await CreatePodAsync(client, ns, "starter");

        var links = await new ServiceLinks(client, informer).ForPodAsync(pod, CancellationToken.None);

        Assert.Contains("just-made", Names(links));
        Assert.Null(informer.Lister.Get(ns, "just-made"));
    }

    [Fact]
    public async Task AnInformerCurrentToThePodAnswersForIt()
    {
        using var client = Client();
        var ns = await NamespaceAsync(client);
        await CreateServiceAsync(client, ns, "older");
        var pod = await CreatePodAsync(client, ns, "starter");
        var informer = await StoppedInformerAsync(client);
        // Gone from the API, still in a store current to the pod: the store answers, no LIST is made.
        await client.DeleteAsync(ResourceTypes.Service, ns, "older");

        var links = await new ServiceLinks(client, informer).ForPodAsync(pod, CancellationToken.None);

        Assert.Contains("older", Names(links));
    }

    [Fact]
    public async Task ARunningInformerWhoseWatchIsQuietCatchesUpToThePodAndAnswersForIt()
    {
        using var client = Client();
        var ns = await NamespaceAsync(client);
        await CreateServiceAsync(client, ns, "linked");
        var informer = new Informer(client, ResourceTypes.Service);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        try
        {
            await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));
            // Only pods change from here: the informer's watch has no Service event to carry it to the pod's revision.
            var pod = await CreatePodAsync(client, ns, "starter");

            var links = await new ServiceLinks(client, informer).ForPodAsync(pod, CancellationToken.None);

            Assert.Contains("linked", Names(links));
            // The apiserver told the informer of the progress: its store, current to the pod, answered.
            Assert.True(long.Parse(informer.LastSyncResourceVersion!, CultureInfo.InvariantCulture) >= long.Parse(ObjectMeta.ResourceVersion(pod)!, CultureInfo.InvariantCulture),
                $"the informer is at {informer.LastSyncResourceVersion}, the pod at {ObjectMeta.ResourceVersion(pod)}");
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task PodsStartingTogetherAllGetTheServiceAndTheApiserversOwn()
    {
        using var client = Client();
        await ApiserverServiceAsync(client);
        var ns = await NamespaceAsync(client);
        await CreateServiceAsync(client, ns, "shared");
        var pods = new List<JsonObject>();
        for (var i = 0; i < 10; i++) pods.Add(await CreatePodAsync(client, ns, $"pod-{i}"));
        var links = new ServiceLinks(client);

        var all = await Task.WhenAll(pods.Select(p => links.ForPodAsync(p, CancellationToken.None)));

        Assert.All(all, services => Assert.Equal(["kubernetes", "shared"], Names(services).Order(StringComparer.Ordinal)));
        Assert.All(all, services => Assert.Contains(services, s => ObjectMeta.Namespace(s) == "default" && ObjectMeta.Name(s) == "kubernetes"));
    }

    [Fact]
    public async Task APodInTheDefaultNamespaceGetsTheApiserversServiceOnce()
    {
        using var client = Client();
        await ApiserverServiceAsync(client);
        var informer = await StoppedInformerAsync(client);
        var pod = await CreatePodAsync(client, "default", $"default-{Guid.NewGuid().ToString("N")[..6]}");

        var links = await new ServiceLinks(client, informer).ForPodAsync(pod, CancellationToken.None);

        Assert.Single(links, s => ObjectMeta.Name(s) == "kubernetes");
    }

    private ApiClient Client() => new(KubeconfigFile.Load(cluster.Kubeconfig), new ApiClientOptions { Qps = 0 });

    private static IEnumerable<string?> Names(IEnumerable<JsonObject> services) => services.Select(ObjectMeta.Name);

    /// <summary>An informer that listed (so it is synced) and then stopped, current to the revision of its LIST.</summary>
    private static async Task<Informer> StoppedInformerAsync(ApiClient client)
    {
        var informer = new Informer(client, ResourceTypes.Service);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;
        return informer;
    }

    /// <summary>The apiservers make default/kubernetes shortly after they start; a test that counts on it waits for it.</summary>
    private static async Task ApiserverServiceAsync(ApiClient client)
    {
        for (var i = 0; i < 300 && await client.TryGetAsync(ResourceTypes.Service, "default", "kubernetes") is null; i++) await Task.Delay(100);
    }

    private static async Task<string> NamespaceAsync(ApiClient client)
    {
        var name = $"links-{Guid.NewGuid().ToString("N")[..8]}";
        await client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    private static Task<JsonObject> CreateServiceAsync(ApiClient client, string ns, string name) =>
        client.CreateAsync(ResourceTypes.Service, (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{"ports":[{"port":80,"protocol":"TCP"}]}}
            """)!);

    private static Task<JsonObject> CreatePodAsync(ApiClient client, string ns, string name) =>
        client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{"containers":[{"name":"main","image":"busybox","command":["sleep","1"]}]}}
            """)!);
}
