using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// events.k8s.io/v1 Events, served as Kubernetes serves them: the core/v1 Events under their events.k8s.io names,
/// so what one API writes the other reads (get, list, watch, field selectors), and new events are held to the
/// events.k8s.io rules.
/// </summary>
public sealed class EventsV1Tests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Core = "/api/v1/namespaces/default/events";
    private const string EventsV1 = "/apis/events.k8s.io/v1/namespaces/default/events";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>What client-go's events/v1 broadcaster posts (its empty deprecated fields included).</summary>
    private static string NewStyle(string name, string pod) => $$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{name}}"},"eventTime":"2026-01-01T00:00:00.000000Z",
         "reportingController":"default-scheduler","reportingInstance":"default-scheduler-host-1","action":"Binding","reason":"Scheduled",
         "regarding":{"apiVersion":"v1","kind":"Pod","namespace":"default","name":"{{pod}}","uid":"u-{{pod}}"},
         "related":{"apiVersion":"v1","kind":"Node","name":"node-1"},"note":"Successfully assigned default/{{pod}} to node-1","type":"Normal",
         "deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}
        """;

    private static string OldStyle(string name, string pod) => $$"""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"{{name}}"},"involvedObject":{"apiVersion":"v1","kind":"Pod","namespace":"default","name":"{{pod}}"},
         "reason":"Started","message":"Started container main","source":{"component":"kubelet","host":"node-1"},
         "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:02:00Z","count":3,"type":"Normal"}
        """;

    [Fact]
    public async Task AnEventWrittenThroughEventsV1IsReadThroughCoreV1()
    {
        var (name, pod) = (Unique("sched"), Unique("web"));
        var (created, body) = await cluster.SendAsync(HttpMethod.Post, EventsV1, NewStyle(name, pod));
        Assert.True(created == 201, body?.ToJsonString());
        Assert.Equal("events.k8s.io/v1", body!["apiVersion"]!.GetValue<string>());
        Assert.Equal(pod, body["regarding"]!["name"]!.GetValue<string>());

        var (got, core) = await cluster.SendAsync(HttpMethod.Get, $"{Core}/{name}");
        Assert.Equal(200, got);
        Assert.Equal("v1", core!["apiVersion"]!.GetValue<string>());
        Assert.Equal(pod, core["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal($"Successfully assigned default/{pod} to node-1", core["message"]!.GetValue<string>());
        Assert.Equal(("default-scheduler", "default-scheduler-host-1", "Binding"),
            (core["reportingComponent"]!.GetValue<string>(), core["reportingInstance"]!.GetValue<string>(), core["action"]!.GetValue<string>()));
        Assert.Equal("node-1", core["related"]!["name"]!.GetValue<string>());
        Assert.StartsWith("2026-01-01T00:00:00", core["eventTime"]!.GetValue<string>());
        Assert.Null(core["note"]);
        Assert.Null(core["regarding"]);
    }

    [Fact]
    public async Task ACoreV1EventIsReadThroughEventsV1ByGetListAndFieldSelector()
    {
        var (name, pod) = (Unique("kubelet"), Unique("api"));
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, Core, OldStyle(name, pod))).Code);

        var (got, v1) = await cluster.SendAsync(HttpMethod.Get, $"{EventsV1}/{name}");
        Assert.Equal(200, got);
        Assert.Equal(
            (pod, "Started container main", "kubelet", "node-1", 3L, "2026-01-01T00:02:00Z"),
            (v1!["regarding"]!["name"]!.GetValue<string>(), v1["note"]!.GetValue<string>(), v1["deprecatedSource"]!["component"]!.GetValue<string>(),
             v1["deprecatedSource"]!["host"]!.GetValue<string>(), v1["deprecatedCount"]!.GetValue<long>(), v1["deprecatedLastTimestamp"]!.GetValue<string>()));
        Assert.Null(v1["involvedObject"]);

        var (listed, list) = await cluster.SendAsync(HttpMethod.Get, $"{EventsV1}?fieldSelector=regarding.name%3D{pod},reason%3DStarted");
        Assert.Equal(200, listed);
        Assert.Equal("EventList", list!["kind"]!.GetValue<string>());
        Assert.Equal("events.k8s.io/v1", list["apiVersion"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray());
        Assert.Equal(name, item!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("Started container main", item["note"]!.GetValue<string>());

        // events.k8s.io selects by its own labels; the core/v1 spelling is refused there, as Kubernetes refuses it.
        var (refused, status) = await cluster.SendAsync(HttpMethod.Get, $"{EventsV1}?fieldSelector=involvedObject.name%3D{pod}");
        Assert.Equal(400, refused);
        Assert.Equal("field label not supported: involvedObject.name", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWatchThroughEventsV1SeesCoreV1WritesInEventsV1Form()
    {
        var (name, pod) = (Unique("watched"), Unique("db"));
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, EventsV1);
        var from = list!["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await cluster.Client.GetAsync($"{EventsV1}?watch=true&resourceVersion={from}&fieldSelector=regarding.name%3D{pod}",
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, Core, OldStyle(name, pod))).Code);
        var line = await reader.ReadLineAsync(timeout.Token);
        var added = JsonNode.Parse(line!)!;
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal("events.k8s.io/v1", added["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal(pod, added["object"]!["regarding"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ANewEventMissingItsEventTimeOrReporterIsRefusedNamingTheField()
    {
        var (name, pod) = (Unique("bad"), Unique("web"));
        var noTime = JsonNode.Parse(NewStyle(name, pod))!.AsObject();
        noTime.Remove("eventTime");
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, EventsV1, noTime.ToJsonString());
        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        Assert.Equal($"Event.events.k8s.io \"{name}\" is invalid: eventTime: Required value", status["message"]!.GetValue<string>());
        Assert.Equal("eventTime", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());

        var noReporter = JsonNode.Parse(NewStyle(name, pod))!.AsObject();
        noReporter.Remove("reportingController");
        noReporter.Remove("action");
        (code, status) = await cluster.SendAsync(HttpMethod.Post, EventsV1, noReporter.ToJsonString());
        Assert.Equal(422, code);
        Assert.Equal(["reportingController", "action"], status!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()));

        // The same event without an eventTime is still a valid old-style event through core/v1.
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, Core, OldStyle(name, pod))).Code);
    }

    [Fact]
    public async Task ARepeatIsPatchedIntoTheSeriesAndTheRestStaysAsWritten()
    {
        var (name, pod) = (Unique("again"), Unique("web"));
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, EventsV1, NewStyle(name, pod))).Code);

        // What client-go's events/v1 broadcaster sends when the event recurs.
        var (patched, body) = await cluster.SendAsync(HttpMethod.Patch, $"{EventsV1}/{name}",
            """{"series":{"count":2,"lastObservedTime":"2026-01-01T00:05:00.000000Z"}}""", "application/merge-patch+json");
        Assert.True(patched == 200, body?.ToJsonString());
        var (_, core) = await cluster.SendAsync(HttpMethod.Get, $"{Core}/{name}");
        Assert.Equal(2, core!["series"]!["count"]!.GetValue<int>());

        var (refused, status) = await cluster.SendAsync(HttpMethod.Patch, $"{EventsV1}/{name}", """{"note":"rewritten"}""", "application/merge-patch+json");
        Assert.Equal(422, refused);
        Assert.Equal("message", status!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiscoveryAndKubectlListTheEventsGroup()
    {
        var (code, resources) = await cluster.SendAsync(HttpMethod.Get, "/apis/events.k8s.io/v1");
        Assert.Equal(200, code);
        var events = Assert.Single(resources!["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "events")!;
        Assert.Equal("Event", events["kind"]!.GetValue<string>());
        var output = await cluster.KubectlOkAsync("api-resources", "--api-group=events.k8s.io");
        Assert.Matches(@"(?m)^events\s+ev\s+events\.k8s\.io/v1\s+true\s+Event\s*$", output);
    }
}
