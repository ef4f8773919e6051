using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Obs.ApiServer.Metrics;
using Obs.ApiServer.Storage;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>Watches fed by the change log: in order, exactly once, across restarts, across processes.</summary>
public sealed class ChangeFeedTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();
    public Task DisposeAsync() => _cluster.DisposeAsync();

    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static string ConfigMap(string name, string value) =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["data"] = new JsonObject { ["v"] = value },
        }.ToJsonString();

    private async Task<string> CreateAsync(HttpClient client, string name, string value = "0")
    {
        using var response = await client.PostAsync(ConfigMaps, new StringContent(ConfigMap(name, value), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private async Task<string> ListRevisionAsync()
    {
        var (_, list) = await _cluster.SendAsync(HttpMethod.Get, ConfigMaps);
        return list!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private static async Task<List<(string Type, string Name, long Revision)>> ReadAsync(WatchReader watch, int count)
    {
        var events = new List<(string, string, long)>();
        while (events.Count < count)
        {
            var e = await watch.NextChangeAsync() ?? throw new InvalidOperationException($"watch ended after {events.Count} events");
            events.Add((e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]!.GetValue<string>(),
                long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }
        return events;
    }

    [Fact]
    public async Task WatchShowsAddedModifiedDeletedInOrder()
    {
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await CreateAsync(_cluster.Client, "order");
        var (code, _) = await _cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/order", """{"data":{"v":"1"}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(200, (await _cluster.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/order")).Code);
        var events = await ReadAsync(watch, 3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type));
        Assert.True(events[0].Revision < events[1].Revision && events[1].Revision < events[2].Revision);
    }

    [Fact]
    public async Task ConcurrentWritersReachAWatchEveryOneExactlyOnceInRevisionOrder()
    {
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => CreateAsync(_cluster.Client, $"burst-{i}")));
        var events = await ReadAsync(watch, 200);
        Assert.Equal(200, events.Select(e => e.Name).Distinct().Count());
        Assert.Equal(events.Select(e => e.Revision).Order(), events.Select(e => e.Revision));
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneNameTwiceAreOne409AndTheOthersReachAWatchOnceInOrder()
    {
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        var names = Enumerable.Range(0, 60).Select(i => $"batch-{i}").Append("batch-7").ToList();
        var codes = await Task.WhenAll(names.Select(async n =>
        {
            using var response = await _cluster.Client.PostAsync(ConfigMaps, new StringContent(ConfigMap(n, "0"), System.Text.Encoding.UTF8, "application/json"));
            return (int)response.StatusCode;
        }));
        Assert.Equal(60, codes.Count(c => c == 201));
        Assert.Equal(1, codes.Count(c => c == 409));
        var events = await ReadAsync(watch, 60);
        Assert.Equal(names.Distinct().Order(), events.Select(e => e.Name).Order());
        Assert.Equal(events.Select(e => e.Revision).Order(), events.Select(e => e.Revision));
        Assert.Equal(60, events.Select(e => e.Revision).Distinct().Count());
    }

    [Fact]
    public async Task AWriterThatHoldsItsRevisionForSecondsStillReachesTheWatchInOrder()
    {
        // The slow writer plays a write stalled on a busy machine: it takes its transaction id and its revision,
        // then commits its rows only after a later write has been seen (the feed then waits at the gap).
        await CreateAsync(_cluster.Client, "template");
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await using var connection = new NpgsqlConnection(_cluster.DatabaseUrl);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", connection, tx)) await xid.ExecuteScalarAsync();
        long held;
        await using (var next = new NpgsqlCommand("select nextval('obs_revision')", connection, tx)) held = (long)(await next.ExecuteScalarAsync())!;
        await CreateAsync(_cluster.Client, "after");
        // Longer than the feed used to wait before passing over a missing revision.
        await Task.Delay(TimeSpan.FromSeconds(7));
        await CopyTemplateAsync(connection, tx, "slow", held);
        await tx.CommitAsync();
        var events = await ReadAsync(watch, 2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["slow", "after"], events.Select(e => e.Name));
        Assert.Equal(held, events[0].Revision);
        var (code, slow) = await _cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?fieldSelector=metadata.name%3Dslow");
        Assert.Equal(200, code);
        Assert.Single(slow!["items"]!.AsArray());
    }

    [Fact]
    public async Task AWriterWithTheLaterTransactionIdButTheEarlierRevisionIsNotPassedOver()
    {
        // Transaction ids and revisions are taken in different orders by concurrent writers: here the later
        // revision belongs to the older transaction and commits first. A snapshot's xmax is only the newest
        // completed id + 1, so the slow writer's id is not below it, and "xmin reached xmax" held while it still
        // ran: the feed passed its revision over as never written, and the object never reached the cache.
        await CreateAsync(_cluster.Client, "template");
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await using var slow = await SlowWriterBehindACommittedLaterRevisionAsync();
        // Woken in-process: a NOTIFY is a transaction of its own whose id, completing, would hide the gap.
        _cluster.Host.Services.GetRequiredService<ChangeNotifier>().Wake();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the feed sees the gap and must keep waiting for the slow writer
        await slow.CommitAsync();
        var events = await ReadAsync(watch, 2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["slow", "after"], events.Select(e => e.Name));
        var (_, listed) = await _cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?fieldSelector=metadata.name%3Dslow");
        Assert.Single(listed!["items"]!.AsArray());
    }

    [Fact]
    public async Task ARevisionPassedOverWhileItsWriterRanReachesTheCacheLateOnceCommitted()
    {
        // A second apiserver that gives up on a missing revision after 2 s instead of 2 minutes.
        await CreateAsync(_cluster.Client, "template");
        await using var quick = await StartSecondApiServerAsync(options => options with { ChangeFeedGiveUp = TimeSpan.FromSeconds(2) });
        using var client = ClientOf(quick);
        await using var watch = await WatchFromNowAsync(client);

        await using var slow = await SlowWriterBehindACommittedLaterRevisionAsync();
        quick.Services.GetRequiredService<ChangeNotifier>().Wake();
        Assert.Equal("after", (await ReadAsync(watch, 1))[0].Name); // passed over the slow writer's revision to get here
        await slow.CommitAsync();

        var late = (await ReadAsync(watch, 1).WaitAsync(TimeSpan.FromSeconds(30)))[0];
        Assert.Equal(("ADDED", "slow"), (late.Type, late.Name));
        var listed = await client.GetFromJsonAsync<JsonObject>(ConfigMaps);
        Assert.Contains("slow", listed!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AChangeOfOursCommittedButNotYetHandedOverIsTakenFromMemoryNotReadBackFromTheLog()
    {
        // Plays this apiserver's own write at the moment the feed used to read it back: in flight (started, not ended),
        // its row committed in the log, its change not yet handed over. The change handed over then carries other data
        // than the row, so the event tells where the feed took it from. The wait is long here so that a busy machine
        // cannot end it first.
        await CreateAsync(_cluster.Client, "template");
        await using var patient = await StartSecondApiServerAsync(options => options with { ChangeFeedLocalWait = TimeSpan.FromMinutes(2) });
        using var client = ClientOf(patient);
        await using var watch = await WatchFromNowAsync(client);
        var commits = patient.Services.GetRequiredService<LocalCommits>();
        var notifier = patient.Services.GetRequiredService<ChangeNotifier>();
        var cache = patient.Services.GetRequiredService<Obs.ApiServer.Cache.WatchCache>();

        var ticket = commits.WriteStarted();
        await using var connection = new NpgsqlConnection(_cluster.DatabaseUrl);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        long revision;
        await using (var next = new NpgsqlCommand("select nextval('obs_revision')", connection, tx)) revision = (long)(await next.ExecuteScalarAsync())!;
        await CopyTemplateAsync(connection, tx, "ours", revision);
        // Every revision below ours has reached the cache (the apiservers' Lease renewals go on meanwhile): the feed
        // stands right before ours.
        while (cache.Revision < revision - 1) await Task.Delay(10);
        await tx.CommitAsync();
        notifier.Wake();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the feed, woken, could find our row in the log
        commits.Add(new Change(revision, new ObjectKey("configmaps", "default", "ours"), ChangeType.Added,
            StoredJson.Serialize(JsonNode.Parse(ConfigMap("ours", "from-memory"))!.AsObject())));
        commits.WriteEnded(ticket);
        notifier.Wake();

        var e = await watch.NextChangeAsync() ?? throw new InvalidOperationException("the watch ended");
        Assert.Equal("ours", e["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("from-memory", e["object"]!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWriteOfOursThatNeverEndsDoesNotHoldBackAnotherWritersRevision()
    {
        // A write of ours stays in flight (a statement stuck on a busy machine) while another apiserver's revision is
        // next: the feed waits for ours only once, for a moment, and then reads the other's from the log.
        await CreateAsync(_cluster.Client, "template");
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        var commits = _cluster.Host.Services.GetRequiredService<LocalCommits>();
        var ticket = commits.WriteStarted();
        try
        {
            await using (var connection = new NpgsqlConnection(_cluster.DatabaseUrl))
            {
                await connection.OpenAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await using var next = new NpgsqlCommand("select nextval('obs_revision')", connection, tx);
                await CopyTemplateAsync(connection, tx, "theirs", (long)(await next.ExecuteScalarAsync())!);
                await tx.CommitAsync();
            }
            _cluster.Host.Services.GetRequiredService<ChangeNotifier>().Wake();
            var events = await ReadAsync(watch, 1).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(("ADDED", "theirs"), (events[0].Type, events[0].Name));
        }
        finally
        {
            commits.WriteEnded(ticket);
        }
    }

    [Fact]
    public async Task AStartUpSnapshotWaitsForAWriterWithALaterTransactionIdAndAnEarlierRevision()
    {
        // The same ordering met by a starting apiserver: the snapshot's head is past the slow writer's revision,
        // so only the start-up read of what the snapshot missed can bring it in, and it must wait for the writer.
        // (The new process's own first transactions may already lift xmax past the slow writer's id, so this
        // checks the wait itself; the feed test above pins the ordering down.)
        await CreateAsync(_cluster.Client, "template");
        await using var slow = await SlowWriterBehindACommittedLaterRevisionAsync();
        var restart = _cluster.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // the new process has taken its snapshot and waits for the slow writer
        await slow.CommitAsync();
        await restart.WaitAsync(TimeSpan.FromSeconds(60));
        var (_, listed) = await _cluster.SendAsync(HttpMethod.Get, ConfigMaps);
        Assert.Contains("slow", listed!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    /// <summary>Another apiserver in this process on the test's database, its options changed by <paramref name="configure"/>.</summary>
    [Fact]
    public async Task AnApiServersOwnWritesDoNotMakeItsFeedReadTheLogForNothing()
    {
        // Each write wakes the feed in-process, which takes the write's change from memory; its NOTIFY, coming back on the
        // LISTEN connection, used to wake the feed a second time to read the log and find nothing.
        var meterName = _cluster.Host.Services.GetRequiredService<ApiMetrics>().MeterName;
        var empty = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName && instrument.Name == "obs_change_feed_log_reads_total") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "result", Value: "empty" }) Interlocked.Add(ref empty, value);
            }
        });
        listener.Start();

        const int writes = 60;
        for (var i = 0; i < writes; i++)
        {
            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"own-{i}" },
            }.ToJsonString();
            var (code, _) = await _cluster.SendAsync(HttpMethod.Post, ConfigMaps, body);
            Assert.Equal(201, code);
            await Task.Delay(20); // room for each write's NOTIFY to come back before the next write
        }
        await Task.Delay(500);

        // The feed still reads the log when idle (every 5 s) and when it cannot take a revision from memory; a second
        // read per write would be about 60.
        Assert.True(Interlocked.Read(ref empty) <= writes / 4, $"{empty} empty reads of the log for {writes} writes");
    }
    private async Task<ApiServerHost> StartSecondApiServerAsync(Func<ApiServerOptions, ApiServerOptions> configure)
    {
        var host = ApiServerHost.Create(configure(TestCluster.Options(_cluster.DatabaseUrl)), logging => { });
        await host.StartAsync();
        await host.WaitReadyAsync();
        return host;
    }

    private static HttpClient ClientOf(ApiServerHost host)
    {
        var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        client.BaseAddress = new Uri($"https://127.0.0.1:{host.Port}");
        return client;
    }

    /// <summary>A watch of the ConfigMaps from the revision a list through <paramref name="client"/> reports now.</summary>
    private static async Task<WatchReader> WatchFromNowAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonObject>(ConfigMaps);
        return await WatchReader.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={list!["metadata"]!["resourceVersion"]}");
    }

    /// <summary>
    /// Two writers with crossed orders: the early one takes its transaction id first, the slow one its id next and
    /// then its revision, the early one its revision next, writes "after" and commits. The slow writer, still open,
    /// writes "slow" at its revision when committed.
    /// </summary>
    private async Task<SlowWriter> SlowWriterBehindACommittedLaterRevisionAsync()
    {
        await using var early = new NpgsqlConnection(_cluster.DatabaseUrl);
        var slow = new NpgsqlConnection(_cluster.DatabaseUrl);
        await early.OpenAsync();
        await slow.OpenAsync();
        await using var earlyTx = await early.BeginTransactionAsync();
        var slowTx = await slow.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", early, earlyTx)) await xid.ExecuteScalarAsync();
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", slow, slowTx)) await xid.ExecuteScalarAsync();
        long held;
        await using (var next = new NpgsqlCommand("select nextval('obs_revision')", slow, slowTx)) held = (long)(await next.ExecuteScalarAsync())!;
        await using (var next = new NpgsqlCommand("select nextval('obs_revision')", early, earlyTx))
            await CopyTemplateAsync(early, earlyTx, "after", (long)(await next.ExecuteScalarAsync())!);
        await earlyTx.CommitAsync();
        return new SlowWriter(slow, slowTx, held);
    }

    private sealed class SlowWriter(NpgsqlConnection connection, NpgsqlTransaction tx, long revision) : IAsyncDisposable
    {
        public async Task CommitAsync()
        {
            await CopyTemplateAsync(connection, tx, "slow", revision);
            await tx.CommitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Writes a copy of the ConfigMap "template" named <paramref name="name"/> at <paramref name="revision"/>, as the store would.</summary>
    private static async Task CopyTemplateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, long revision)
    {
        await using var copy = new NpgsqlCommand("""
            with src as (select resource, namespace, replace(data, '"template"', '"' || $2 || '"') as data from obs_objects where name = 'template'),
                 obj as (insert into obs_objects (resource, namespace, name, rv, data) select resource, namespace, $2, $1, data from src returning resource)
            insert into obs_changes (rv, resource, namespace, name, type, data) select $1, resource, namespace, $2, 0, data from src
            """, connection, tx);
        copy.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        copy.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await copy.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task WatchFromARevisionResumesExactlyOnceAcrossAnApiserverRestart()
    {
        await CreateAsync(_cluster.Client, "before");
        var from = await ListRevisionAsync();
        await CreateAsync(_cluster.Client, "after-1");
        await _cluster.RestartAsync();
        await CreateAsync(_cluster.Client, "after-2");
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        var events = await ReadAsync(watch, 2);
        Assert.Equal(["after-1", "after-2"], events.Select(e => e.Name));
        await CreateAsync(_cluster.Client, "after-3");
        Assert.Equal("after-3", (await ReadAsync(watch, 1))[0].Name);
    }

    [Fact]
    public async Task AWatchFromACompactedRevisionGets410Expired()
    {
        var old = await CreateAsync(_cluster.Client, "compacted");
        await CreateAsync(_cluster.Client, "newer");
        var store = _cluster.Host.Services.GetRequiredService<ObjectStore>();
        await store.CompactAsync(long.Parse(old, System.Globalization.CultureInfo.InvariantCulture) + 1);
        await _cluster.RestartAsync(); // the new process's cache holds no events from before, so the log is read
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={old}");
        var e = await watch.NextAsync();
        Assert.Equal("ERROR", e!["type"]!.GetValue<string>());
        Assert.Equal(410, e["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", e["object"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFeedThatFindsTheLogCompactedPastItReloadsAndClosesItsWatches()
    {
        // Another apiserver compacts while this feed waits at a gap (here: a writer holding a revision):
        // the changes in between are gone from the log, so passing the gap would lose them for good.
        await CreateAsync(_cluster.Client, "template");
        await CreateAsync(_cluster.Client, "keep");
        await CreateAsync(_cluster.Client, "gone");
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        var slow = await SlowWriterBehindACommittedLaterRevisionAsync();
        _cluster.Host.Services.GetRequiredService<ChangeNotifier>().Wake();
        Assert.Equal(200, (await _cluster.SendAsync(HttpMethod.Put, $"{ConfigMaps}/keep", ConfigMap("keep", "changed"))).Code);
        Assert.Equal(200, (await _cluster.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/gone")).Code);
        var head = await CreateAsync(_cluster.Client, "last-before-compaction");
        await _cluster.Host.Services.GetRequiredService<ObjectStore>().CompactAsync(long.Parse(head, System.Globalization.CultureInfo.InvariantCulture));
        await slow.DisposeAsync(); // rolled back: its revision is never written
        await CreateAsync(_cluster.Client, "trigger");

        // The watch ends (its client would watch again and get 410, then re-list) ...
        while (await watch.NextChangeAsync(TimeSpan.FromSeconds(30)) is { } e)
            Assert.NotEqual("ERROR", e["type"]!.GetValue<string>());
        // ... and the cache holds every change, including those only the objects still tell.
        var (_, listed) = await _cluster.SendAsync(HttpMethod.Get, ConfigMaps);
        var items = listed!["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => i!["data"]?["v"]?.GetValue<string>());
        Assert.Equal(["after", "keep", "last-before-compaction", "template", "trigger"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("changed", items["keep"]);
        await using var again = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        Assert.Equal(410, (await again.NextAsync())!["object"]!["code"]!.GetValue<int>());
    }

    /// <summary>
    /// Each apiserver takes its own writes from memory rather than reading them back; the other's revisions fall between
    /// them and must still reach both caches, each revision once and in order.
    /// </summary>
    [Fact]
    public async Task InterleavedWritesOfTwoApiserversReachTheWatchesOnBothInTheSameRevisionOrder()
    {
        await using var other = await ApiServerProcess.StartAsync(_cluster.DatabaseUrl);
        using var otherClient = other.Client();
        var from = await ListRevisionAsync();
        await using var here = await WatchReader.OpenAsync(_cluster.Client, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await using var there = await WatchReader.OpenAsync(otherClient, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => CreateAsync(i % 2 == 0 ? _cluster.Client : otherClient, $"interleaved-{i}")));
        var seenHere = await ReadAsync(here, 60);
        var seenThere = await ReadAsync(there, 60);
        Assert.Equal(60, seenHere.Select(e => e.Name).Distinct().Count());
        Assert.Equal(seenHere.Select(e => e.Revision).Order(), seenHere.Select(e => e.Revision));
        Assert.Equal(seenHere, seenThere);
    }

    [Fact]
    public async Task AWriteThroughOneApiserverProcessReachesAWatchOnAnother()
    {
        await using var other = await ApiServerProcess.StartAsync(_cluster.DatabaseUrl);
        using var otherClient = other.Client();
        var from = await ListRevisionAsync();
        await using var watch = await WatchReader.OpenAsync(otherClient, $"{ConfigMaps}?watch=true&resourceVersion={from}");
        await CreateAsync(_cluster.Client, "cross-process");
        var events = await ReadAsync(watch, 1);
        Assert.Equal(("ADDED", "cross-process"), (events[0].Type, events[0].Name));
    }
}
