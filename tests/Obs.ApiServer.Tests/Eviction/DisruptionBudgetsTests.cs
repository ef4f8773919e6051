using System.Text.Json.Nodes;
using Obs.ApiServer.Eviction;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Eviction;

/// <summary>The eviction subresource's reading of budgets, on objects written by hand.</summary>
public sealed class DisruptionBudgetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Pod(string app, string ns = "shop") => (JsonObject)JsonNode.Parse(
        $$$"""{"metadata":{"name":"p","namespace":"{{{ns}}}","labels":{"app":"{{{app}}}"}},"status":{"phase":"Running"}}""")!;

    private static JsonObject Budget(string name, string selector, string status = """{"observedGeneration":1,"disruptionsAllowed":1}""", string ns = "shop") =>
        (JsonObject)JsonNode.Parse($$$"""{"metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","generation":1},"spec":{"selector":{{{selector}}}},"status":{{{status}}}}""")!;

    [Fact]
    public void BudgetsMatchByTheirSelectorInThePodsNamespaceOnly()
    {
        var budgets = new[]
        {
            Budget("web", """{"matchLabels":{"app":"web"}}"""),
            Budget("web-too", """{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}"""),
            Budget("db", """{"matchLabels":{"app":"db"}}"""),
            Budget("elsewhere", """{"matchLabels":{"app":"web"}}""", ns: "other"),
            Budget("everything", "{}"),
            Budget("nothing", "null"),
        };

        var matching = DisruptionBudgets.Matching(budgets, Pod("web"));

        // Two budgets cover the pod: the endpoint answers that with Kubernetes' 500.
        Assert.Equal(["web", "web-too"], matching.Select(b => b["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(500, EvictionErrors.MoreThanOneBudget().Code);
        Assert.Equal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", EvictionErrors.MoreThanOneBudget().Message);
    }

    [Fact]
    public void ChargingTheLastDisruptionRecordsThePodAndTurnsTheConditionFalse()
    {
        var budget = DisruptionBudgets.Charge(Budget("web", "{}"), "web-1", Now);

        Assert.Equal(0, budget["status"]!["disruptionsAllowed"]!.GetValue<long>());
        Assert.Equal("2026-01-01T12:00:00Z", budget["status"]!["disruptedPods"]!["web-1"]!.GetValue<string>());
        Assert.Equal(
            """[{"type":"DisruptionAllowed","lastTransitionTime":"2026-01-01T12:00:00Z","status":"False","reason":"InsufficientPods","message":"","observedGeneration":1}]""",
            budget["status"]!["conditions"]!.ToJsonString());
    }

    [Fact]
    public void ChargingWithDisruptionsLeftKeepsTheCondition()
    {
        var budget = DisruptionBudgets.Charge(Budget("web", "{}", """{"observedGeneration":1,"disruptionsAllowed":3}"""), "web-1", Now);

        Assert.Equal(2, budget["status"]!["disruptionsAllowed"]!.GetValue<long>());
        Assert.Null(budget["status"]!["conditions"]);
    }

    [Theory]
    [InlineData("""{"observedGeneration":1,"disruptionsAllowed":0,"desiredHealthy":2,"currentHealthy":2}""", 429, "needs 2 healthy pods and has 2 currently")]
    [InlineData("""{"observedGeneration":0,"disruptionsAllowed":5}""", 429, "is still being processed by the server")]
    [InlineData("""{"observedGeneration":1,"disruptionsAllowed":-1}""", 403, "pdb disruptions allowed is negative")]
    public void ABudgetThatCannotSpareThePodRefusesIt(string status, int code, string message)
    {
        var e = Assert.Throws<ApiException>(() => DisruptionBudgets.Charge(Budget("web", "{}", status), "web-1", Now));

        Assert.Equal(code, e.Code);
        Assert.Contains(message, e.ToStatus().ToJsonString());
    }

    [Theory]
    [InlineData("Pending", null, true)]
    [InlineData("Succeeded", null, true)]
    [InlineData("Failed", null, true)]
    [InlineData("Running", "2026-01-01T12:00:00Z", true)]
    [InlineData("Running", null, false)]
    [InlineData("Unknown", null, false)]
    public void OnlyRunningPodsThatAreNotGoingAskTheirBudget(string phase, string? deletionTimestamp, bool ignored)
    {
        var pod = Pod("web");
        pod["status"]!["phase"] = phase;
        if (deletionTimestamp is not null) pod["metadata"]!["deletionTimestamp"] = deletionTimestamp;

        Assert.Equal(ignored, DisruptionBudgets.CanIgnore(pod));
    }

    [Theory]
    [InlineData("""{"unhealthyPodEvictionPolicy":"AlwaysAllow"}""", """{"desiredHealthy":3,"currentHealthy":1}""", true)]
    [InlineData("""{}""", """{"desiredHealthy":2,"currentHealthy":2}""", true)]
    [InlineData("""{"unhealthyPodEvictionPolicy":"IfHealthyBudget"}""", """{"desiredHealthy":2,"currentHealthy":1}""", false)]
    [InlineData("""{}""", """{"desiredHealthy":0,"currentHealthy":0}""", false)]
    public void AnUnreadyPodGoesFreelyOnlyWhenTheBudgetCanSpareIt(string spec, string status, bool mayGo)
    {
        var budget = (JsonObject)JsonNode.Parse($$"""{"metadata":{"name":"web"},"spec":{{spec}},"status":{{status}}}""")!;

        Assert.Equal(mayGo, DisruptionBudgets.UnhealthyPodMayGo(budget));
    }
}
