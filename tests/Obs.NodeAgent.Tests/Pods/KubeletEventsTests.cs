using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>The events of real pods on a real agent, read back as <c>kubectl describe pod</c> reads them.</summary>
public sealed class KubeletEventsTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task EachContainerReadsPulledCreatedStartedInOrder()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"two"},"spec":{"terminationGracePeriodSeconds":1,"containers":[
              {"name":"web","image":"busybox:1.36","command":["sleep","3600"]},
              {"name":"sidecar","image":"busybox:1.36","imagePullPolicy":"Always","command":["sleep","3600"]}]}}
            """);
        var events = await WaitForEventsAsync(ns, "two", e => e.Count(x => x.StringAt("reason") == "Started") == 2);

        foreach (var container in new[] { "web", "sidecar" })
        {
            var mine = events.Where(e => e.StringAt("involvedObject", "fieldPath") == $"spec.containers{{{container}}}").ToList();
            Assert.Equal(
                [
                    ("Normal", "Pulled", "Container image \"busybox:1.36\" already present on machine", 1L),
                    ("Normal", "Created", $"Created container {container}", 1L),
                    ("Normal", "Started", $"Started container {container}", 1L),
                ],
                mine.Select(e => (e.StringAt("type"), e.StringAt("reason"), e.StringAt("message"), e.LongAt("count") ?? 0)));
            Assert.All(mine, e => Assert.Equal(("kubelet", agent.NodeName), (e.StringAt("source", "component"), e.StringAt("source", "host"))));
        }
        var describe = await agent.Cluster.KubectlOkAsync("describe", "pod", "two", "-n", ns);
        Assert.Contains("Container image \"busybox:1.36\" already present on machine", describe);
        Assert.Contains("Created container sidecar", describe);
    }

    [Fact]
    public async Task RestartsCountOnTheEventsOfTheFirstStart()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"crash"},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main","command":["sh","-c","exit 1"]}]}}
            """);
        // The first crash restarts at once, the second waits out a back-off: two starts, then BackOff.
        var events = await WaitForEventsAsync(ns, "crash", e => e.Any(x => x.StringAt("reason") == "BackOff")
            && e.Any(x => x.StringAt("reason") == "Started" && x.LongAt("count") == 2));

        foreach (var reason in new[] { "Pulled", "Created", "Started" })
        {
            var ev = Assert.Single(events, e => e.StringAt("reason") == reason);
            Assert.Equal(2, ev.LongAt("count"));
            var first = DateTimeOffset.Parse(ev.StringAt("firstTimestamp")!, CultureInfo.InvariantCulture);
            Assert.True(DateTimeOffset.Parse(ev.StringAt("lastTimestamp")!, CultureInfo.InvariantCulture) >= first);
        }
        var describe = await agent.Cluster.KubectlOkAsync("describe", "pod", "crash", "-n", ns);
        Assert.Matches(@"Started\s+\S+ \(x2 over \S+\)\s+kubelet.*Started container main", describe);

        // Each back-off is the same event counted up (the waiting message names the delay; the event does not).
        events = await WaitForEventsAsync(ns, "crash", e => e.Any(x => x.StringAt("reason") == "BackOff" && x.LongAt("count") >= 2));
        var backOff = Assert.Single(events, e => e.StringAt("reason") == "BackOff");
        var uid = ObjectMeta.Uid(await agent.Client.GetAsync(ResourceTypes.Pod, ns, "crash"));
        Assert.Equal($"Back-off restarting failed container main in pod crash_{ns}({uid})", backOff.StringAt("message"));
    }

    [Fact]
    public async Task AContainerThatCannotStartSaysFailedWithTheReasonItsStatusGives()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"broken"},"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,"containers":[
              {"name":"missing","command":["no-such-program"]},
              {"name":"imageonly"}]}}
            """);
        var events = await WaitForEventsAsync(ns, "broken", e => e.Count(x => x.StringAt("reason") == "Failed") == 2);
        var pod = await agent.WaitForPodAsync(ns, "broken",
            p => AgentCluster.Status(p, "missing")?.At("state", "terminated") is not null && AgentCluster.Status(p, "imageonly")?.At("state", "waiting") is not null,
            "both containers' states");

        // Made, but its process could not be run: as a runtime's failed start, Created then Failed; the status says StartError.
        var terminated = (JsonObject)AgentCluster.Status(pod, "missing")!.At("state", "terminated")!;
        Assert.Equal("StartError", terminated.StringAt("reason"));
        Assert.Equal(
            [("Pulled", "Container image \"busybox\" already present on machine"), ("Created", "Created container missing"), ("Failed", $"Error: {terminated.StringAt("message")}")],
            About(events, "missing").Select(e => (e.StringAt("reason"), e.StringAt("message"))));
        Assert.Equal("Warning", About(events, "missing")[2].StringAt("type"));

        // Nothing to run: never created, and the event says what the waiting state says.
        var waiting = (JsonObject)AgentCluster.Status(pod, "imageonly")!.At("state", "waiting")!;
        Assert.Equal("CreateContainerConfigError", waiting.StringAt("reason"));
        Assert.Equal(
            [("Pulled", "Container image \"busybox\" already present on machine"), ("Failed", $"Error: {waiting.StringAt("message")}")],
            About(events, "imageonly").Select(e => (e.StringAt("reason"), e.StringAt("message"))));
    }

    private static List<JsonObject> About(List<JsonObject> events, string container) =>
        [.. events.Where(e => e.StringAt("involvedObject", "fieldPath") == $"spec.containers{{{container}}}")];

    /// <summary>The pod's events in the order they were last written, once <paramref name="done"/> holds.</summary>
    private async Task<List<JsonObject>> WaitForEventsAsync(string ns, string pod, Func<List<JsonObject>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = (await agent.Client.ListAsync(ResourceTypes.Event, ns, new ListOptions { FieldSelector = $"involvedObject.name={pod}" })).Items
                .OrderBy(e => long.Parse(ObjectMeta.ResourceVersion(e)!, CultureInfo.InvariantCulture)).ToList();
            if (done(events)) return events;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the events of {pod} never got there: {string.Join("; ", events.Select(e => $"{e.StringAt("reason")} x{e.LongAt("count")} {e.StringAt("message")}"))}");
            await Task.Delay(100);
        }
    }
}
