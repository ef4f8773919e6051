using Npgsql;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>Group commit of creates (through <see cref="ObjectStore.CreateAsync"/>): each create keeps its own outcome.</summary>
public sealed class CreateBatcherTests : IAsyncLifetime
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

    private async Task<List<(long Revision, string Name, long Xid)>> ChangesAsync(long after)
    {
        await using var cmd = _dataSource.CreateCommand("select rv, name, xid::text::bigint from obs_changes where rv > $1 order by rv");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        await using var reader = await cmd.ExecuteReaderAsync();
        var changes = new List<(long, string, long)>();
        while (await reader.ReadAsync()) changes.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        return changes;
    }

    [Fact]
    public async Task ConcurrentCreatesShareTransactions()
    {
        var start = await _store.CurrentRevisionAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _store.CreateAsync(Key($"shared-{i}"), "{}")));
        Assert.All(results, r => Assert.Equal(WriteStatus.Written, r.Status));
        var changes = await ChangesAsync(start);
        Assert.Equal(50, changes.Count);
        // One transaction per create would be 50 transaction ids.
        Assert.True(changes.Select(c => c.Xid).Distinct().Count() < 25, $"{changes.Select(c => c.Xid).Distinct().Count()} transactions for 50 creates");
    }

    [Fact]
    public async Task ABatchWithTakenNamesAnswersEachCreateAloneAndLeavesNoGap()
    {
        await _store.CreateAsync(Key("taken"), """{"v":"old"}""");
        var start = await _store.CurrentRevisionAsync();
        var names = Enumerable.Range(0, 30).Select(i => $"fresh-{i}").Concat(["taken", "twin", "twin"]).ToList();
        var results = await Task.WhenAll(names.Select(n => _store.CreateAsync(Key(n), $$"""{"v":"{{n}}"}""")));
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
        Assert.Equal("""{"v":"old"}""", (await _store.GetAsync(Key("taken")))!.Json);
    }

    [Fact]
    public async Task ARowPostgresRefusesFailsOnlyItsOwnCreate()
    {
        // PostgreSQL's text cannot hold NUL: this create's row makes its batch's statement fail.
        var bad = _store.CreateAsync(Key("bad"), "{\"v\":\"\0\"}");
        var good = Enumerable.Range(0, 20).Select(i => _store.CreateAsync(Key($"good-{i}"), "{}")).ToList();
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
        var results = await Task.WhenAll(names.SelectMany(n => new[] { _store.CreateAsync(Key(n), "{}"), other.CreateAsync(Key(n), "{}") }));
        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.Written));
        Assert.Equal(20, results.Count(r => r.Status == WriteStatus.AlreadyExists));
        Assert.Equal(start + 20, await _store.CurrentRevisionAsync());
    }
}
