using Npgsql;
using Obs.ApiServer.Storage;
using Obs.Testing;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>
/// Group commit (<see cref="WriteBatcher"/>) of creates (<see cref="ObjectStore.CreateAsync"/>) and of grouped updates
/// (<see cref="ObjectStore.UpdateGroupedAsync"/>, what bindings use): each write keeps its own outcome, whatever its
/// batch's neighbours did; an update is still its own compare-and-swap.
/// </summary>
public sealed class WriteBatcherTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private ObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("batch"));
        await Migrator.ApplyAsync(_dataSource);
        _store = new ObjectStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static ObjectKey Key(string name) => new("configmaps", "default", name);

    private async Task<Dictionary<string, long>> CreateAllAsync(IEnumerable<string> names)
    {
        var revisions = new Dictionary<string, long>();
        foreach (var name in names) revisions[name] = (await _store.CreateAsync(Key(name), Stored("""{"v":0}"""))).Revision;
        return revisions;
    }

    private async Task<List<(long Revision, string Name, long Xid, string Data)>> ChangesAsync(long after)
    {
        await using var cmd = _dataSource.CreateCommand("select rv, name, xid::text::bigint, data from obs_changes where rv > $1 order by rv");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        await using var reader = await cmd.ExecuteReaderAsync();
        var changes = new List<(long, string, long, string)>();
        while (await reader.ReadAsync()) changes.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        return changes;
    }

    [Fact]
    public async Task ConcurrentCreatesShareTransactions()
    {
        var start = await _store.CurrentRevisionAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _store.CreateAsync(Key($"shared-{i}"), Stored("{}"))));
        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var changes = await ChangesAsync(start);
        Assert.Equal(50, changes.Count);
        // One transaction per create would be 50 transaction ids.
        Assert.True(changes.Select(c => c.Xid).Distinct().Count() < 25, $"{changes.Select(c => c.Xid).Distinct().Count()} transactions for 50 creates");
    }

    [Fact]
    public async Task ABatchWithTakenNamesAnswersEachCreateAloneAndLeavesNoGap()
    {
        await _store.CreateAsync(Key("taken"), Stored("""{"v":"old"}"""));
        var start = await _store.CurrentRevisionAsync();
        var names = Enumerable.Range(0, 30).Select(i => $"fresh-{i}").Concat(["taken", "twin", "twin"]).ToList();
        var results = await Task.WhenAll(names.Select(n => _store.CreateAsync(Key(n), Stored($$"""{"v":"{{n}}"}"""))));
        var byName = names.Zip(results).ToList();

        Assert.All(byName.Where(r => r.First.StartsWith("fresh-", StringComparison.Ordinal)), r => Assert.Equal(WriteStatus.Written, r.Second.Status));
        Assert.Equal(WriteStatus.AlreadyExists, byName.Single(r => r.First == "taken").Second.Status);
        Assert.Equal([WriteStatus.Written, WriteStatus.AlreadyExists], byName.Where(r => r.First == "twin").Select(r => r.Second.Status).Order());

        var written = results.Where(r => r.Status == WriteStatus.Written).Select(r => r.Revision).ToList();
        Assert.Equal(31, written.Distinct().Count());
        // Every revision taken was written (no gap for the feed to wait on), each by the create it was answered to.
        var changes = await ChangesAsync(start);
        Assert.Equal(Enumerable.Range(1, 31).Select(i => start + i), changes.Select(c => c.Revision));
        Assert.Equal(start + 31, await _store.CurrentRevisionAsync());
        Assert.All(byName.Where(r => r.Second.Status == WriteStatus.Written), r => Assert.Equal(r.First, changes.Single(c => c.Revision == r.Second.Revision).Name));
        Assert.Equal("""{"v":"old"}""", Text((await _store.GetAsync(Key("taken")))!.Json));
    }

    [Fact]
    public async Task ARowPostgresRefusesFailsOnlyItsOwnCreate()
    {
        // PostgreSQL's text cannot hold NUL: this create's row makes its batch's statement fail.
        var bad = _store.CreateAsync(Key("bad"), Stored("{\"v\":\"\0\"}"));
        var good = Enumerable.Range(0, 20).Select(i => _store.CreateAsync(Key($"good-{i}"), Stored("{}"))).ToList();
        await Assert.ThrowsAnyAsync<PostgresException>(() => bad);
        Assert.All(await Task.WhenAll(good), r => Assert.Equal(WriteStatus.Written, r.Status));
        Assert.Null(await _store.GetAsync(Key("bad")));
    }

    [Fact]
    public async Task CreatesOfOneNameFromTwoStoresLeaveOneObjectAndNoGap()
    {
        // Two stores are two apiservers: their batches race on the same keys in different transactions.
        var other = new ObjectStore(_dataSource);
        var start = await _store.CurrentRevisionAsync();
        var names = Enumerable.Range(0, 20).Select(i => $"race-{i}").ToList();
        var results = await Task.WhenAll(names.SelectMany(n => new[] { _store.CreateAsync(Key(n), Stored("{}")), other.CreateAsync(Key(n), Stored("{}")) }));
        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.Written));
        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.AlreadyExists));
        Assert.Equal(start + 20, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task ConcurrentUpdatesShareTransactionsAndEachGetsItsOwnRevision()
    {
        var names = Enumerable.Range(0, 50).Select(i => $"pod-{i}").ToList();
        var created = await CreateAllAsync(names);
        var start = await _store.CurrentRevisionAsync();

        var results = await Task.WhenAll(names.Select(n => _store.UpdateGroupedAsync(Key(n), created[n], Stored($$"""{"v":"{{n}}"}"""))));

        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var changes = await ChangesAsync(start);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => start + i), changes.Select(c => c.Revision));
        // Each update is answered with the revision its own row took, and the row holds its own data.
        foreach (var (name, result) in names.Zip(results))
        {
            var change = changes.Single(c => c.Revision == result.Revision);
            Assert.Equal(name, change.Name);
            Assert.Equal($$"""{"v":"{{name}}"}""", change.Data);
            Assert.Equal(result.Revision, (await _store.GetAsync(Key(name)))!.Revision);
        }
        // One transaction per update would be 50 transaction ids.
        var transactions = changes.Select(c => c.Xid).Distinct().Count();
        Assert.True(transactions < 25, $"{transactions} transactions for 50 updates");
    }

    [Fact]
    public async Task AStaleOrMissingUpdateFailsAloneAndTheOthersInItsBatchLand()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"ok-{i}").Append("stale").ToList();
        var created = await CreateAllAsync(names);
        var moved = await _store.UpdateAsync(Key("stale"), created["stale"], Stored("""{"v":"moved"}"""));
        var start = await _store.CurrentRevisionAsync();

        var keys = names.Select(n => (Key: Key(n), Expected: created[n])).Append((Key: Key("missing"), Expected: 1L)).ToList();
        var results = await Task.WhenAll(keys.Select(k => _store.UpdateGroupedAsync(k.Key, k.Expected, Stored("""{"v":"new"}"""))));
        var byName = keys.Select(k => k.Key.Name).Zip(results).ToDictionary(r => r.First, r => r.Second.Status);

        Assert.All(names.Where(n => n != "stale"), n => Assert.Equal(WriteStatus.Written, byName[n]));
        Assert.Equal(WriteStatus.Conflict, byName["stale"]);
        Assert.Equal(WriteStatus.NotFound, byName["missing"]);
        var stale = (await _store.GetAsync(Key("stale")))!;
        Assert.Equal((moved.Revision, """{"v":"moved"}"""), (stale.Revision, Text(stale.Json)));
        Assert.Null(await _store.GetAsync(Key("missing")));
        // The failed ones took no revision: no gap for the change feed to wait on.
        Assert.Equal(start + 30, await _store.CurrentRevisionAsync());
        Assert.Equal(30, (await ChangesAsync(start)).Count);
    }

    [Fact]
    public async Task TwoUpdatesOfOneRevisionLetExactlyOneWin()
    {
        var created = await CreateAllAsync(["twin"]);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _store.UpdateGroupedAsync(Key("twin"), created["twin"], Stored($$"""{"v":{{i}}}"""))));
        var winner = Assert.Single(results, r => r.Status == WriteStatus.Written);
        Assert.Equal(7, results.Count(r => r.Status == WriteStatus.Conflict));
        Assert.Equal(winner.Revision, (await _store.GetAsync(Key("twin")))!.Revision);
    }

    [Fact]
    public async Task UpdatesOfOneObjectFromTwoStoresLetExactlyOneWinEach()
    {
        // Two stores are two apiservers: their batches race on the same rows in different transactions.
        var other = new ObjectStore(_dataSource);
        var names = Enumerable.Range(0, 20).Select(i => $"race-{i}").ToList();
        var created = await CreateAllAsync(names);
        var start = await _store.CurrentRevisionAsync();

        var results = await Task.WhenAll(names.SelectMany(n => new[]
        {
            _store.UpdateGroupedAsync(Key(n), created[n], Stored("""{"v":"here"}""")),
            other.UpdateGroupedAsync(Key(n), created[n], Stored("""{"v":"there"}""")),
        }));

        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.Written));
        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.Conflict));
        Assert.Equal(start + 20, await _store.CurrentRevisionAsync());
    }

    [Fact]
    public async Task ARowPostgresRefusesFailsOnlyItsOwnUpdate()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"good-{i}").Append("bad").ToList();
        var created = await CreateAllAsync(names);
        // PostgreSQL's text cannot hold NUL: this update's row makes its batch's statement fail.
        var bad = _store.UpdateGroupedAsync(Key("bad"), created["bad"], Stored("{\"v\":\"\0\"}"));
        var good = names.SkipLast(1).Select(n => _store.UpdateGroupedAsync(Key(n), created[n], Stored("""{"v":1}"""))).ToList();
        await Assert.ThrowsAnyAsync<PostgresException>(() => bad);
        Assert.All(await Task.WhenAll(good), r => Assert.Equal(WriteStatus.Written, r.Status));
        Assert.Equal("""{"v":0}""", Text((await _store.GetAsync(Key("bad")))!.Json));
    }
}
