using System.Text.Json.Nodes;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Tests.Volumes;

/// <summary>The per-account cache a burst of pod starts reads through: how many GETs reach the apiserver, and when a change is seen.</summary>
public sealed class ServiceAccountCacheTests
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly Dictionary<(string, string), JsonObject?> _stored = [];
    private readonly List<(string Namespace, string Name)> _fetches = [];

    private Task<JsonObject?> FetchAsync(string ns, string name, CancellationToken cancellationToken)
    {
        lock (_fetches)
        {
            _fetches.Add((ns, name));
            return Task.FromResult(_stored.GetValueOrDefault((ns, name))?.DeepClone().AsObject());
        }
    }

    private static JsonObject Account(bool automount) => new() { ["metadata"] = new JsonObject { ["name"] = "default" }, ["automountServiceAccountToken"] = automount };

    [Fact]
    public async Task ABurstOfLookupsOfOneAccountMakesOneFetchAndAllSeeTheAccount()
    {
        var answer = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        var cache = new ServiceAccountCache((_, _, _) => { Interlocked.Increment(ref fetches); return answer.Task; }, _time);

        var burst = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetAsync("team", "default", CancellationToken.None))).ToList();
        await Task.Delay(100);
        answer.SetResult(Account(automount: false));
        var accounts = await Task.WhenAll(burst);

        Assert.Equal(1, fetches);
        Assert.All(accounts, a => Assert.False(a!["automountServiceAccountToken"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AChangedAccountIsSeenOnceItsEntryIsOlderThanMaxAge()
    {
        var cache = new ServiceAccountCache(FetchAsync, _time);
        _stored[("team", "default")] = Account(automount: true);
        var first = await cache.GetAsync("team", "default", CancellationToken.None);

        _stored[("team", "default")] = Account(automount: false);
        _time.Advance(ServiceAccountCache.MaxAge - TimeSpan.FromSeconds(1));
        var stillHeld = await cache.GetAsync("team", "default", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var changed = await cache.GetAsync("team", "default", CancellationToken.None);

        Assert.True(first!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.True(stillHeld!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.False(changed!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.Equal(2, _fetches.Count);
    }

    [Fact]
    public async Task AnAccountThatDoesNotExistIsRememberedAsNoneAndSeenOnceCreated()
    {
        var cache = new ServiceAccountCache(FetchAsync, _time);

        var missing = await cache.GetAsync("team", "robot", CancellationToken.None);
        var missingAgain = await cache.GetAsync("team", "robot", CancellationToken.None);
        _stored[("team", "robot")] = Account(automount: true);
        _time.Advance(ServiceAccountCache.MaxAge);
        var created = await cache.GetAsync("team", "robot", CancellationToken.None);

        Assert.Null(missing);
        Assert.Null(missingAgain);
        Assert.NotNull(created);
        Assert.Equal(2, _fetches.Count);
    }

    [Fact]
    public async Task AccountsAreKeptPerNamespaceAndName()
    {
        var cache = new ServiceAccountCache(FetchAsync, _time);
        _stored[("a", "default")] = Account(automount: true);
        _stored[("b", "default")] = Account(automount: false);

        var a = await cache.GetAsync("a", "default", CancellationToken.None);
        var b = await cache.GetAsync("b", "default", CancellationToken.None);
        var robot = await cache.GetAsync("a", "robot", CancellationToken.None);
        await cache.GetAsync("a", "default", CancellationToken.None);

        Assert.True(a!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.False(b!["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.Null(robot);
        Assert.Equal([("a", "default"), ("b", "default"), ("a", "robot")], _fetches);
    }

    [Fact]
    public async Task AFailedFetchIsNotKeptTheNextLookupAsksAgain()
    {
        var calls = 0;
        var cache = new ServiceAccountCache((_, _, _) =>
            ++calls == 1 ? Task.FromException<JsonObject?>(new HttpRequestException("apiserver away")) : Task.FromResult<JsonObject?>(Account(automount: true)), _time);

        await Assert.ThrowsAsync<HttpRequestException>(() => cache.GetAsync("team", "default", CancellationToken.None));
        var account = await cache.GetAsync("team", "default", CancellationToken.None);

        Assert.NotNull(account);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ACallerThatGivesUpDoesNotFailTheOthersWaitingOnTheSameFetch()
    {
        var answer = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cache = new ServiceAccountCache((_, _, _) => answer.Task, _time);
        using var impatient = new CancellationTokenSource();

        var givesUp = cache.GetAsync("team", "default", impatient.Token);
        var waits = cache.GetAsync("team", "default", CancellationToken.None);
        await impatient.CancelAsync();
        answer.SetResult(Account(automount: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp);
        Assert.NotNull(await waits);
    }
}
