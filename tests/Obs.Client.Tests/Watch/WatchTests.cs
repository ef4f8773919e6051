using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Client.Watch;
using Obs.Testing;

namespace Obs.Client.Tests.Watch;

/// <summary>Watches against a real apiserver.</summary>
public sealed class WatchTests(TestCluster cluster) : IClassFixture<TestCluster>, IDisposable
{
    private readonly ApiClient _client = TestClients.For(cluster);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task WatchFromAListSeesAddedModifiedDeletedInOrder()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        var list = await _client.ListAsync(ResourceTypes.ConfigMap, ns);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<WatchEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in _client.WatchAsync(ResourceTypes.ConfigMap, ns, new WatchOptions { ResourceVersion = list.ResourceVersion }, cancel.Token))
            {
                if (e.Type == WatchEventType.Bookmark) continue;
                events.Add(e);
                if (e.Type == WatchEventType.Deleted) return;
            }
        });

        var created = await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("w", ns));
        created["data"] = new System.Text.Json.Nodes.JsonObject { ["v"] = "2" };
        var updated = await _client.UpdateAsync(ResourceTypes.ConfigMap, created);
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "w");
        await watching.WaitAsync(cancel.Token);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("w", ObjectMeta.Name(e.Object)));
        Assert.Equal(ObjectMeta.ResourceVersion(updated), events[1].ResourceVersion);
        Assert.Equal("2", events[1].Object.StringAt("data", "v"));
    }

    [Fact]
    public async Task WatchWithoutAVersionStartsWithTheCurrentObjects()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("existing", ns));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in _client.WatchAsync(ResourceTypes.ConfigMap, ns, new WatchOptions(), cancel.Token))
        {
            Assert.Equal(WatchEventType.Added, e.Type);
            Assert.Equal("existing", ObjectMeta.Name(e.Object));
            break;
        }
    }

    [Fact]
    public async Task WatchEndsWhenTheServerTimeoutPasses()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        var list = await _client.ListAsync(ResourceTypes.ConfigMap, ns);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var count = 0;
        await foreach (var e in _client.WatchAsync(ResourceTypes.ConfigMap, ns, new WatchOptions { ResourceVersion = list.ResourceVersion, TimeoutSeconds = 1 }, cancel.Token))
        {
            if (e.Type != WatchEventType.Bookmark) count++;
        }
        Assert.Equal(0, count);
        Assert.False(cancel.IsCancellationRequested);
    }

    [Fact]
    public async Task CancellingTheTokenEndsTheWatch()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _client.WatchAsync(ResourceTypes.ConfigMap, ns, new WatchOptions { ResourceVersion = "0" }, cancel.Token))
            {
            }
        });
    }
}
