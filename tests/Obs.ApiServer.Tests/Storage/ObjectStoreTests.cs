using System.Text.Json.Nodes;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;
using Obs.Testing;
using static Obs.ApiServer.Tests.Storage.StoredText;

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
        var created = await _store.CreateAsync(Key("a"), Stored("""{"n":1}"""));
        var updated = await _store.UpdateAsync(Key("a"), created.Revision, Stored("""{"n":2}"""));
        var deleted = await _store.DeleteAsync(Key("a"), updated.Revision, Stored("""{"n":2}"""));
        Assert.Equal(WriteStatus.Written, deleted.Status);
        Assert.True(created.Revision < updated.Revision && updated.Revision < deleted.Revision);
        Assert.Null(await _store.GetAsync(Key("a")));
    }

    [Fact]
    public async Task CreatingAnExistingKeyIsAlreadyExistsAndTakesNoRevision()
    {
        await _store.CreateAsync(Key("b"), Stored("{}"));
        var before = await _store.CurrentRevisionAsync();
        var again = await _store.CreateAsync(Key("b"), Stored("{}"));
        Assert.Equal(WriteStatus.AlreadyExists, again.Status);
        Assert.Equal(before, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task TwoWritersWithTheSameRevisionExactlyOneWins()
    {
        var created = await _store.CreateAsync(Key("c"), Stored("""{"v":0}"""));
        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _store.UpdateAsync(Key("c"), created.Revision, Stored($$"""{"v":{{i}}}"""))));
        Assert.Single(results, r => r.Status == WriteStatus.Written);
        Assert.Equal(7, results.Count(r => r.Status == WriteStatus.Conflict));
    }

    [Fact]
    public async Task UpdateOfAMissingObjectIsNotFound()
    {
        var result = await _store.UpdateAsync(Key("missing"), 1, Stored("{}"));
        Assert.Equal(WriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneNameLeaveNoGapInTheRevisions()
    {
        var start = await _store.CurrentRevisionAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _store.CreateAsync(Key("race"), Stored("{}"))));
        Assert.Single(results, r => r.Status == WriteStatus.Written);
        Assert.Equal(start + 1, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task UnicodeTextIsStoredAndReadBackAsTheSameUtf8()
    {
        var json = Stored("""{"v":"café 日本 😀"}""");
        var created = await _store.CreateAsync(Key("utf8"), json);
        var updated = await _store.UpdateAsync(Key("utf8"), created.Revision, json);
        Assert.Equal(WriteStatus.Written, updated.Status);
        Assert.Equal(json.Utf8, (await _store.GetAsync(Key("utf8")))!.Json);
        // PostgreSQL holds it as text, not as bytes mistaken for another encoding.
        await using var count = _dataSource.CreateCommand("select count(*) from obs_changes where data = '{\"v\":\"café 日本 😀\"}'");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task EachWriteHandedToTheChangeFeedIsCachedAsTheSameBytesAsItsChangeReadFromTheLog()
    {
        var commits = new LocalCommits();
        var store = new ObjectStore(_dataSource, commits: commits);
        var start = await store.CurrentRevisionAsync();
        var obj = JsonNode.Parse("""{"kind":"ConfigMap","metadata":{"name":"w","resourceVersion":"1","labels":{"a":"b"}},"data":{"k":"café 日本 😀 <&> \"q\""}}""")!.AsObject();
        var created = await store.CreateAsync(Key("w"), StoredJson.Serialize(obj));
        Assert.Equal(StoredJson.Serialize(obj).Utf8, (await store.GetAsync(Key("w")))!.Json);
        obj["data"]!["big"] = new string('x', 300_000);
        var grouped = await store.UpdateGroupedAsync(Key("w"), created.Revision, StoredJson.Serialize(obj));
        obj["metadata"]!["labels"] = new JsonObject();
        var updated = await store.UpdateAsync(Key("w"), grouped.Revision, StoredJson.Serialize(obj));
        var deleted = await store.DeleteAsync(Key("w"), updated.Revision, StoredJson.Serialize(obj));
        Assert.Equal(WriteStatus.Written, deleted.Status);

        var local = commits.TakeFrom(start + 1);
        await using var connection = await _dataSource.OpenConnectionAsync();
        var logged = await new ChangeLog(_dataSource).ReadAfterAsync(connection, start, 10, CancellationToken.None);
        Assert.Equal(logged.Select(c => (c.Revision, c.Type)), local.Select(c => (c.Revision, c.Type)));
        Assert.Equal(4, local.Count);
        Assert.All(local, c => Assert.NotEqual(StoredJson.Unknown, c.Json.MetadataEnd));
        foreach (var (mine, read) in local.Zip(logged))
            Assert.Equal(CachedObject.FromStored(read.Key, read.Revision, read.Json).ToJson(), CachedObject.FromStored(mine.Key, mine.Revision, mine.Json).ToJson());
    }

    [Fact]
    public async Task CompactionRaisesTheCompactedRevisionAndNeverLowersIt()
    {
        var first = await _store.CreateAsync(Key("d"), Stored("{}"));
        await _store.CompactAsync(first.Revision);
        Assert.Equal(first.Revision, await _store.CompactedRevisionAsync());
        await _store.CompactAsync(first.Revision - 1);
        Assert.Equal(first.Revision, await _store.CompactedRevisionAsync());
    }
}
