using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Disruption;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Disruption;

/// <summary>One sync of a budget over informer stores filled by hand, at a fixed time; the status the controller wrote.</summary>
public sealed class DisruptionControllerTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly ManualTime _time = new();

    private static JsonObject Budget(string spec, string status = "{}", long generation = 2) => (JsonObject)JsonNode.Parse($$"""
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget",
         "metadata":{"name":"web","namespace":"ns","uid":"pdb-uid","generation":{{generation}},"resourceVersion":"9"},
         "spec":{{spec}},"status":{{status}}}
        """)!;

    /// <summary>A pod of app=web owned by the controller given as kind/uid, ready unless said otherwise.</summary>
    private static JsonObject Pod(string name, string owner = "ReplicaSet/rs-uid", bool ready = true, bool deleting = false, string app = "web")
    {
        var pod = Stores.Pod(name, null, readyFor: ready ? 60 : null, app: app);
        if (!ready) pod["status"] = new JsonObject { ["phase"] = "Running" };
        var (kind, uid) = (owner.Split('/')[0], owner.Split('/')[1]);
        if (kind != "none")
        {
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = kind, ["name"] = kind == "ReplicaSet" ? "web" : "web-set", ["uid"] = uid, ["controller"] = true,
            });
        }
        if (deleting) pod["metadata"]!["deletionTimestamp"] = Stores.At(0);
        return pod;
    }

    private static JsonObject Deployment(int replicas) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns","uid":"dep-uid"},"spec":{"replicas":{{{replicas}}}}}
        """)!;

    private static JsonObject StatefulSet(int replicas) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web-set","namespace":"ns","uid":"sts-uid"},"spec":{"replicas":{{{replicas}}}}}
        """)!;

    /// <summary>The ReplicaSet "web" with <paramref name="replicas"/>, run by the Deployment when <paramref name="byDeployment"/>.</summary>
    private static JsonObject ReplicaSet(int replicas, bool byDeployment)
    {
        var rs = Stores.ReplicaSet("web", replicas);
        if (byDeployment)
        {
            rs["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web", ["uid"] = "dep-uid", ["controller"] = true,
            });
        }
        return rs;
    }

    private DisruptionController Controller(JsonObject budget, JsonObject[] pods, JsonObject[]? owners = null)
    {
        owners ??= [];
        JsonObject[] Of(string kind) => [.. owners.Where(o => o.StringAt("kind") == kind)];
        return new DisruptionController(Stores.New(budget).Lister, Stores.New(pods).Lister,
            Stores.New(Of("Deployment")).Lister, Stores.New(Of("ReplicaSet")).Lister, Stores.New(Of("StatefulSet")).Lister, Stores.New(Of("ReplicationController")).Lister,
            _control, NullLogger.Instance, _time);
    }

    private async Task<JsonObject> SyncAsync(JsonObject budget, JsonObject[] pods, JsonObject[]? owners = null)
    {
        await Controller(budget, pods, owners).SyncAsync("ns/web", CancellationToken.None);
        return (JsonObject)Assert.Single(_control.Of("status", ResourceTypes.PodDisruptionBudget))["status"]!;
    }

    private static JsonObject Condition(JsonObject status) =>
        status["conditions"]!.AsArray().OfType<JsonObject>().Single(c => c.StringAt("type") == "DisruptionAllowed");

    [Fact]
    public async Task AnIntegerMinAvailableCountsTheMatchingPods()
    {
        var status = await SyncAsync(Budget("""{"minAvailable":2,"selector":{"matchLabels":{"app":"web"}}}"""),
            [Pod("web-1"), Pod("web-2"), Pod("web-3"), Pod("other", owner: "none/x", app: "db")]);

        Assert.Equal(3, status.LongAt("expectedPods"));
        Assert.Equal(3, status.LongAt("currentHealthy"));
        Assert.Equal(2, status.LongAt("desiredHealthy"));
        Assert.Equal(1, status.LongAt("disruptionsAllowed"));
        Assert.Equal(2, status.LongAt("observedGeneration"));
        var condition = Condition(status);
        Assert.Equal(("True", "SufficientPods", Stores.At(0)), (condition.StringAt("status"), condition.StringAt("reason"), condition.StringAt("lastTransitionTime")));
    }

    [Fact]
    public async Task AMaxUnavailablePercentageIsTakenOfTheDeploymentsReplicas()
    {
        // The Deployment wants 4 while only 3 pods exist, one of them unready: 50% of 4 may be missing.
        var status = await SyncAsync(Budget("""{"maxUnavailable":"50%","selector":{"matchLabels":{"app":"web"}}}"""),
            [Pod("web-1"), Pod("web-2"), Pod("web-3", ready: false)],
            [Deployment(4), ReplicaSet(3, byDeployment: true)]);

        Assert.Equal(4, status.LongAt("expectedPods"));
        Assert.Equal(2, status.LongAt("desiredHealthy"));
        Assert.Equal(2, status.LongAt("currentHealthy"));
        Assert.Equal(0, status.LongAt("disruptionsAllowed"));
        Assert.Equal(("False", "InsufficientPods"), (Condition(status).StringAt("status"), Condition(status).StringAt("reason")));
    }

    [Fact]
    public async Task AMinAvailablePercentageRoundsUpAgainstTheStatefulSetsReplicas()
    {
        var status = await SyncAsync(Budget("""{"minAvailable":"50%","selector":{"matchLabels":{"app":"web"}}}"""),
            [Pod("web-0", owner: "StatefulSet/sts-uid"), Pod("web-1", owner: "StatefulSet/sts-uid"), Pod("web-2", owner: "StatefulSet/sts-uid")],
            [StatefulSet(3)]);

        Assert.Equal((3L, 2L, 1L), (status.LongAt("expectedPods")!.Value, status.LongAt("desiredHealthy")!.Value, status.LongAt("disruptionsAllowed")!.Value));
    }

    [Fact]
    public async Task AReplicaSetOfItsOwnCountsItsOwnReplicas()
    {
        var status = await SyncAsync(Budget("""{"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}"""),
            [Pod("web-1"), Pod("web-2")], [ReplicaSet(2, byDeployment: false)]);

        Assert.Equal((2L, 1L, 1L), (status.LongAt("expectedPods")!.Value, status.LongAt("desiredHealthy")!.Value, status.LongAt("disruptionsAllowed")!.Value));
    }

    [Fact]
    public async Task PodsBeingDeletedOrJustEvictedAreNotHealthyAndOldEvictionsExpire()
    {
        var budget = Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}""",
            $$$"""{"disruptedPods":{"web-2":"{{{Stores.At(30)}}}","web-3":"{{{Stores.At(121)}}}","gone":"{{{Stores.At(10)}}}"}}""");

        var status = await SyncAsync(budget, [Pod("web-1", deleting: true), Pod("web-2"), Pod("web-3"), Pod("web-4")]);

        // web-1 is going and web-2 was evicted 30 s ago; web-3's eviction is over two minutes old and it counts again.
        Assert.Equal(2, status.LongAt("currentHealthy"));
        Assert.Equal(1, status.LongAt("disruptionsAllowed"));
        Assert.Equal($$"""{"web-2":"{{Stores.At(30)}}"}""", status["disruptedPods"]!.ToJsonString());
    }

    [Fact]
    public async Task ABudgetMatchingNoPodsAllowsNoDisruption()
    {
        var status = await SyncAsync(Budget("""{"maxUnavailable":1,"selector":{"matchLabels":{"app":"nothing-here"}}}"""), [Pod("web-1")]);

        Assert.Equal((0L, 0L), (status.LongAt("expectedPods")!.Value, status.LongAt("disruptionsAllowed")!.Value));
        Assert.Equal("InsufficientPods", Condition(status).StringAt("reason"));
    }

    [Fact]
    public async Task APodWhoseControllerHasNoScaleFailsSafeWithTheReason()
    {
        var status = await SyncAsync(
            Budget("""{"maxUnavailable":"10%","selector":{"matchLabels":{"app":"web"}}}""", """{"disruptionsAllowed":3,"observedGeneration":2}"""),
            [Pod("web-1", owner: "DaemonSet/ds-uid")]);

        Assert.Equal(0, status.LongAt("disruptionsAllowed"));
        var condition = Condition(status);
        Assert.Equal(("False", "SyncFailed"), (condition.StringAt("status"), condition.StringAt("reason")));
        Assert.Equal("found no controllers for pod \"web-1\"", condition.StringAt("message"));
        Assert.Equal(["Warning CalculateExpectedPodCountFailed controllermanager Failed to calculate the number of expected pods: found no controllers for pod \"web-1\""],
            _control.EventLines);
    }

    [Fact]
    public async Task ABudgetSelectingNoPodsSaysSo()
    {
        await SyncAsync(Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}"""), [Pod("db-1", app: "db")]);
        Assert.Equal(["Normal NoPods controllermanager No matching pods found"], _control.EventLines);
        Assert.Equal(("PodDisruptionBudget", "pdb-uid"), (_control.Events[0].About.Kind, _control.Events[0].About.Uid));
    }

    [Fact]
    public async Task AStatusThatIsUpToDateIsNotWrittenAgain()
    {
        var pods = new[] { Pod("web-1"), Pod("web-2") };
        var first = await SyncAsync(Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}"""), pods);
        _control.Actions.Clear();

        await Controller(Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}""", first.ToJsonString()), pods).SyncAsync("ns/web", CancellationToken.None);

        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task ANewGenerationIsObservedEvenWhenTheCountsStand()
    {
        var pods = new[] { Pod("web-1"), Pod("web-2") };
        var first = await SyncAsync(Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}"""), pods);
        _control.Actions.Clear();

        var status = await SyncAsync(Budget("""{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}""", first.ToJsonString(), generation: 3), pods);

        Assert.Equal(3, status.LongAt("observedGeneration"));
    }

    [Fact]
    public async Task ADeletedBudgetIsLeftAlone()
    {
        await new DisruptionController(Stores.New().Lister, Stores.New(Pod("web-1")).Lister, Stores.New().Lister, Stores.New().Lister, Stores.New().Lister, Stores.New().Lister,
            _control, NullLogger.Instance, _time).SyncAsync("ns/web", CancellationToken.None);

        Assert.Empty(_control.Actions);
    }
}
