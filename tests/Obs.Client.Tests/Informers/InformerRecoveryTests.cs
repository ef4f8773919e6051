using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.ApiServer.Storage;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.Client.Tests.Informers;

/// <summary>Informers outliving their apiserver: a cluster per test, restarted under the informer.</summary>
public sealed class InformerRecoveryTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new();
    private ApiClient _client = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _client = TestClients.For(_cluster);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    private readonly Fakes.ListLogger _log = new();

    private Informer NewInformer(string ns) => new(_client, ResourceTypes.ConfigMap, new InformerOptions
    {
        Namespace = ns,
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
    }, _log);

    [Fact]
    public async Task ResumesWatchingAfterTheApiServerRestarts()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("before", ns));
        var informer = NewInformer(ns);
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await _cluster.RestartAsync();
        TestClients.Repoint(_client, _cluster);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("after", ns));
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "before");

        await TestClients.EventuallyAsync(() => handler.Saw("delete:before"), "the informer to see the delete after the restart");
        Assert.Equal(["add:before", "add:after", "delete:before"], handler.Events);
        Assert.Equal([$"{ns}/after"], informer.Store.Keys());
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ReListsWhenItsResourceVersionWasCompactedAway()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("keep", ns));
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("drop", ns));
        var informer = NewInformer(ns);
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var syncedAt = long.Parse(informer.LastSyncResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);

        // While the informer cannot reach the apiserver, history moves on and is compacted away. A
        // second restart puts those changes below the new watch cache's memory, so only the change
        // log could replay them, and compaction has emptied it.
        await _cluster.RestartAsync();
        using (var other = TestClients.For(_cluster))
        {
            await other.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("added", ns));
            await other.DeleteAsync(ResourceTypes.ConfigMap, ns, "drop");
        }
        await _cluster.RestartAsync();
        var store = _cluster.Host.Services.GetRequiredService<ObjectStore>();
        var head = await store.CurrentRevisionAsync();
        Assert.True(head > syncedAt);
        await store.CompactAsync(head);
        TestClients.Repoint(_client, _cluster);

        // Only a re-list explains "update:keep": a watch replay has no event for an unchanged object.
        await TestClients.EventuallyAsync(() => handler.Saw("delete:drop") && handler.Saw("update:keep"), () => $"the re-list; saw {string.Join(", ", handler.Events)}\n{_log}");
        Assert.Equal(["add:drop", "add:keep", "add:added", "update:keep", "delete:drop"], handler.Events);
        Assert.Equal([$"{ns}/added", $"{ns}/keep"], informer.Store.Keys().Order(StringComparer.Ordinal));
        Assert.True(long.Parse(informer.LastSyncResourceVersion!, System.Globalization.CultureInfo.InvariantCulture) >= head);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
