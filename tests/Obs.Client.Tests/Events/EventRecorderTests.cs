using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.Client.Tests.Fakes;
using Obs.Testing;

namespace Obs.Client.Tests.Events;

/// <summary>Events written to a real apiserver, read back as kubectl reads them.</summary>
public sealed class EventRecorderTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private readonly ApiClient _client = TestClients.For(cluster);
    private readonly ManualTime _time = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await TestClients.CreateNamespaceAsync(_client);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _client.Dispose();
    }

    private EventRecorder Start(int remembered = 4096)
    {
        var recorder = new EventRecorder(_client, "host-1", _time, remembered: remembered);
        _running.Add(recorder.RunAsync(_stop.Token));
        return recorder;
    }

    private InvolvedObject Pod(string name) => new("v1", "Pod", _ns, name, "uid-" + name);

    /// <summary>The events about <paramref name="name"/>, found as kubectl describe finds them.</summary>
    private async Task<List<JsonObject>> EventsAboutAsync(string? @namespace, string name, string kind = "Pod") =>
        [.. (await _client.ListAsync(ResourceTypes.Event, @namespace, new ListOptions
        {
            FieldSelector = $"involvedObject.name={name},involvedObject.namespace={@namespace},involvedObject.kind={kind}",
        })).Items.OrderBy(e => e.StringAt("message")).ThenBy(e => e.LongAt("count"))];

    private async Task<List<JsonObject>> WaitForAsync(string? @namespace, string name, Func<List<JsonObject>, bool> done, string kind = "Pod")
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = await EventsAboutAsync(@namespace, name, kind);
            if (done(events)) return events;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out; events about {name}: {string.Join(", ", events.Select(e => e.ToJsonString()))}");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task AnEventIsWrittenAsClientGosRecorderWritesIt()
    {
        var recorder = Start();
        recorder.Record("replicaset-controller", Pod("web") with { ResourceVersion = "12", FieldPath = "spec.containers{web}" }, EventTypes.Normal, "Pulled", "Image pulled");
        var ev = Assert.Single(await WaitForAsync(_ns, "web", e => e.Count == 1));
        Assert.Matches(@"^web\.[0-9a-f]{16}$", ObjectMeta.Name(ev));
        Assert.Equal(_ns, ObjectMeta.Namespace(ev));
        Assert.Equal(
            $$"""{"apiVersion":"v1","kind":"Pod","namespace":"{{_ns}}","name":"web","uid":"uid-web","resourceVersion":"12","fieldPath":"spec.containers{web}"}""",
            ev["involvedObject"]!.ToJsonString());
        Assert.Equal(("Normal", "Pulled", "Image pulled", 1L), (ev.StringAt("type"), ev.StringAt("reason"), ev.StringAt("message"), ev.LongAt("count")));
        Assert.Equal(("replicaset-controller", "replicaset-controller", "host-1"), (ev.StringAt("source", "component"), ev.StringAt("reportingComponent"), ev.StringAt("reportingInstance")));
        Assert.Equal(("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"), (ev.StringAt("firstTimestamp"), ev.StringAt("lastTimestamp")));
        Assert.Null(ev["eventTime"]);
    }

    [Fact]
    public async Task ARepeatBumpsTheCountAndLastTimestampOfTheFirstEvent()
    {
        var recorder = Start();
        recorder.Record("default-scheduler", Pod("db"), EventTypes.Warning, "FailedScheduling", "0/3 nodes are available");
        var first = Assert.Single(await WaitForAsync(_ns, "db", e => e.Count == 1));
        _time.Advance(TimeSpan.FromMinutes(2));
        recorder.Record("default-scheduler", Pod("db"), EventTypes.Warning, "FailedScheduling", "0/3 nodes are available");
        recorder.Record("default-scheduler", Pod("db"), EventTypes.Warning, "FailedScheduling", "0/3 nodes are available");
        var bumped = Assert.Single(await WaitForAsync(_ns, "db", e => e.Count == 1 && e[0].LongAt("count") == 3));
        Assert.Equal(ObjectMeta.Name(first), ObjectMeta.Name(bumped));
        Assert.Equal(("2026-01-01T00:00:00Z", "2026-01-01T00:02:00Z"), (bumped.StringAt("firstTimestamp"), bumped.StringAt("lastTimestamp")));
    }

    [Fact]
    public async Task ADifferentMessageOrComponentIsANewEvent()
    {
        var recorder = Start();
        recorder.Record("default-scheduler", Pod("api"), EventTypes.Warning, "FailedScheduling", "0/3 nodes are available");
        recorder.Record("default-scheduler", Pod("api"), EventTypes.Warning, "FailedScheduling", "0/4 nodes are available");
        recorder.Record("other-scheduler", Pod("api"), EventTypes.Warning, "FailedScheduling", "0/4 nodes are available");
        var events = await WaitForAsync(_ns, "api", e => e.Count == 3);
        Assert.All(events, e => Assert.Equal(1, e.LongAt("count")));
        Assert.Equal(["0/3 nodes are available", "0/4 nodes are available", "0/4 nodes are available"], events.Select(e => e.StringAt("message")));
    }

    [Fact]
    public async Task TheSameWordsAboutTwoPartsOfAnObjectAreTwoEvents()
    {
        var recorder = Start();
        foreach (var container in new[] { "web", "sidecar", "web" })
            recorder.Record("kubelet", Pod("pair") with { FieldPath = $"spec.containers{{{container}}}" }, EventTypes.Normal, "Pulled", "Container image \"busybox\" already present on machine");
        var events = await WaitForAsync(_ns, "pair", e => e.Count == 2 && e.Sum(x => x.LongAt("count")) == 3);
        Assert.Equal(["spec.containers{sidecar} x1", "spec.containers{web} x2"],
            events.Select(e => $"{e.StringAt("involvedObject", "fieldPath")} x{e.LongAt("count")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ANodesRecorderNamesItsHostAsTheSource()
    {
        var recorder = new EventRecorder(_client, "node-1", _time) { SourceHost = "node-1" };
        _running.Add(recorder.RunAsync(_stop.Token));
        recorder.Record("kubelet", Pod("hosted"), EventTypes.Normal, "Started", "Started container main");
        var ev = Assert.Single(await WaitForAsync(_ns, "hosted", e => e.Count == 1));
        Assert.Equal("""{"component":"kubelet","host":"node-1"}""", ev["source"]!.ToJsonString());
    }

    [Fact]
    public async Task ACompletedRecorderWritesWhatIsQueuedAndEnds()
    {
        var recorder = new EventRecorder(_client, "host-1", _time);
        foreach (var message in new[] { "a", "b" }) recorder.Record("job-controller", Pod("last"), EventTypes.Normal, "Step", message);
        recorder.Complete();
        await recorder.RunAsync(_stop.Token);
        Assert.Equal(["a", "b"], (await EventsAboutAsync(_ns, "last")).Select(e => e.StringAt("message")));
    }

    [Fact]
    public async Task OnlyTheMostRecentlySeenEventsAreRememberedForCounting()
    {
        var recorder = Start(remembered: 2);
        foreach (var message in new[] { "a", "b", "c" }) recorder.Record("job-controller", Pod("batch"), EventTypes.Normal, "Step", message);
        await WaitForAsync(_ns, "batch", e => e.Count == 3);
        // "a" was forgotten when "c" came: its repeat is a new event. "c" is still counted.
        recorder.Record("job-controller", Pod("batch"), EventTypes.Normal, "Step", "a");
        recorder.Record("job-controller", Pod("batch"), EventTypes.Normal, "Step", "c");
        var events = await WaitForAsync(_ns, "batch", e => e.Count == 4 && e.Any(x => x.LongAt("count") == 2));
        Assert.Equal(["a:1", "a:1", "b:1", "c:2"], events.Select(e => $"{e.StringAt("message")}:{e.LongAt("count")}"));
    }

    [Fact]
    public async Task EventsAboutAClusterScopedObjectLiveInDefaultWithoutANamespace()
    {
        var recorder = Start();
        var node = "node-" + Guid.NewGuid().ToString("N")[..8];
        recorder.Record("node-controller", new InvolvedObject("v1", "Node", null, node, node), EventTypes.Normal, "NodeNotReady", $"Node {node} status is now: NodeNotReady");
        // kubectl describe node lists events in every namespace with an empty involvedObject.namespace.
        var ev = Assert.Single(await WaitForAsync(null, node, e => e.Count == 1, kind: "Node"));
        Assert.Equal("default", ObjectMeta.Namespace(ev));
        Assert.Null(ev.StringAt("involvedObject", "namespace"));
    }

    [Fact]
    public async Task AnEventTheApiserverRefusesDoesNotStopTheOnesAfterIt()
    {
        var recorder = Start();
        recorder.Record("job-controller", new InvolvedObject("v1", "Pod", "no-such-namespace", "lost", "uid-lost"), EventTypes.Normal, "Step", "refused");
        recorder.Record("job-controller", Pod("after"), EventTypes.Normal, "Step", "written");
        Assert.Equal("written", Assert.Single(await WaitForAsync(_ns, "after", e => e.Count == 1)).StringAt("message"));
    }

    [Fact]
    public async Task FromTheTenthSimilarEventOnTheyAreCombinedIntoOne()
    {
        var recorder = Start();
        for (var i = 0; i < 12; i++) recorder.Record("replicaset-controller", Pod("rs"), EventTypes.Normal, "SuccessfulCreate", $"Created pod: rs-{i:d2}");
        var events = await WaitForAsync(_ns, "rs", e => e.Count == 10 && e.Any(x => x.LongAt("count") == 3));
        Assert.Equal(
            ["(combined from similar events): Created pod: rs-11 x3", .. Enumerable.Range(0, 9).Select(i => $"Created pod: rs-{i:d2} x1")],
            events.Select(e => $"{e.StringAt("message")} x{e.LongAt("count")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AComponentWritesAtMostTwentyFiveEventsAboutOneObjectAtOnce()
    {
        var recorder = Start();
        for (var i = 0; i < 30; i++) recorder.Record("job-controller", Pod("busy"), EventTypes.Normal, $"Reason{i}", "m");
        recorder.Record("job-controller", Pod("quiet"), EventTypes.Normal, "Reason", "m");
        await WaitForAsync(_ns, "quiet", e => e.Count == 1);
        Assert.Equal(25, (await EventsAboutAsync(_ns, "busy")).Count);
        Assert.Equal(5, recorder.DroppedCount);
    }

    [Fact]
    public void RecordingNeverWaitsWhenTheWriterIsBehind()
    {
        var recorder = new EventRecorder(_client, "host-1", _time, pending: 2);
        for (var i = 0; i < 5; i++) recorder.Record("job-controller", Pod("x"), EventTypes.Normal, "Step", $"m{i}");
        Assert.Equal(3, recorder.DroppedCount);
    }
}
