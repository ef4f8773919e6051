using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

public sealed class ObjectStoreTests : IAsyncLifetime
{
    private Npgsql.NpgsqlDataSource _dataSource = null!;
    private ObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = Npgsql.NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("store"));
        await Migrator.ApplyAsync(_dataSource);
        _store = new ObjectStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static ObjectKey Key(string name) => new("configmaps", "default", name);

    [Fact]
    public async Task EveryWriteTakesAHigherRevision()
    {
        var created = await _store.CreateAsync(Key("a"), """{"n":1}""");
        var updated = await _store.UpdateAsync(Key("a"), created.Revision, """{"n":2}""");
        var deleted = await _store.DeleteAsync(Key("a"), updated.Revision, """{"n":2}""");
        Assert.Equal(WriteStatus.Written, deleted.Status);
        Assert.True(created.Revision < updated.Revision && updated.Revision < deleted.Revision);
        Assert.Null(await _store.GetAsync(Key("a")));
    }

    [Fact]
    public async Task CreatingAnExistingKeyIsAlreadyExistsAndTakesNoRevision()
    {
        await _store.CreateAsync(Key("b"), "{}");
        var before = await _store.CurrentRevisionAsync();
        var again = await _store.CreateAsync(Key("b"), "{}");
        Assert.Equal(WriteStatus.AlreadyExists, again.Status);
        Assert.Equal(before, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task TwoWritersWithTheSameRevisionExactlyOneWins()
    {
        var created = await _store.CreateAsync(Key("c"), """{"v":0}""");
        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _store.UpdateAsync(Key("c"), created.Revision, $$"""{"v":{{i}}}""")));
        Assert.Single(results, r => r.Status == WriteStatus.Written);
        Assert.Equal(7, results.Count(r => r.Status == WriteStatus.Conflict));
    }

    [Fact]
    public async Task UpdateOfAMissingObjectIsNotFound()
    {
        var result = await _store.UpdateAsync(Key("missing"), 1, "{}");
        Assert.Equal(WriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneNameLeaveNoGapInTheRevisions()
    {
        var start = await _store.CurrentRevisionAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _store.CreateAsync(Key("race"), "{}")));
        Assert.Single(results, r => r.Status == WriteStatus.Written);
        Assert.Equal(start + 1, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task CompactionRaisesTheCompactedRevisionAndNeverLowersIt()
    {
        var first = await _store.CreateAsync(Key("d"), "{}");
        await _store.CompactAsync(first.Revision);
        Assert.Equal(first.Revision, await _store.CompactedRevisionAsync());
        await _store.CompactAsync(first.Revision - 1);
        Assert.Equal(first.Revision, await _store.CompactedRevisionAsync());
    }
}
