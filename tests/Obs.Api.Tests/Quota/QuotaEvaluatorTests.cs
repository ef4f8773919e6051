using System.Text.Json.Nodes;
using Obs.Api.Quota;

namespace Obs.Api.Tests.Quota;

public class QuotaEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>A quota its controller has counted: status.hard from the hard given, status.used as given.</summary>
    private static JsonObject Quota(string name, string hard, string used, string scopes = "") =>
        Obj($$$"""{"metadata":{"name":"{{{name}}}","namespace":"d","resourceVersion":"7"},"spec":{"hard":{{{hard}}}{{{scopes}}}},"status":{"hard":{{{hard}}},"used":{{{used}}}}}""");

    private static JsonObject Pod(string resources = "", string extra = "") =>
        Obj($$$"""{"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[{"name":"app","image":"x"{{{resources}}}}]{{{extra}}}}}""");

    private static QuotaDecision Create(JsonObject obj, params JsonObject[] quotas) => QuotaEvaluator.Evaluate("pods", obj, null, quotas, Now);

    [Fact]
    public void APodOverTheCountIsRefusedWithKubernetesMessage()
    {
        var decision = Create(Pod(), Quota("q", """{"pods":"2"}""", """{"pods":"2"}"""));
        Assert.Equal("exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2", decision.Refusal);
    }

    [Fact]
    public void AnAdmittedPodIsChargedToEveryQuotaThatCountsIt()
    {
        var decision = Create(Pod(""","resources":{"requests":{"cpu":"250m"},"limits":{"cpu":"500m"}}"""),
            Quota("a", """{"pods":"5","requests.cpu":"1"}""", """{"pods":"1","requests.cpu":"500m"}"""),
            Quota("b", """{"services":"1"}""", """{"services":"0"}"""));
        Assert.Null(decision.Refusal);
        var charge = Assert.Single(decision.Charges);
        Assert.Equal("a", charge.Quota);
        Assert.Equal("7", charge.ResourceVersion);
        Assert.Equal("""{"pods":"2","requests.cpu":"750m"}""", charge.Used.ToJsonString());
    }

    [Fact]
    public void EveryExceededResourceIsNamed()
    {
        var decision = Create(Pod(""","resources":{"requests":{"cpu":"2","memory":"1Gi"},"limits":{"cpu":"2","memory":"1Gi"}}"""),
            Quota("q", """{"pods":"5","requests.cpu":"1","requests.memory":"2Gi","limits.cpu":"1"}""", """{"pods":"0","requests.cpu":"0","requests.memory":"0","limits.cpu":"0"}"""));
        Assert.Equal("exceeded quota: q, requested: limits.cpu=2,requests.cpu=2, used: limits.cpu=0,requests.cpu=0, limited: limits.cpu=1,requests.cpu=1", decision.Refusal);
    }

    [Fact]
    public void APodWithoutTheConstrainedRequestsIsRefused()
    {
        var pod = Obj("""
            {"metadata":{"name":"p"},"spec":{"containers":[
              {"name":"app","resources":{"requests":{"cpu":"100m"}}},
              {"name":"web"}],
             "initContainers":[{"name":"init","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}}]}}
            """);
        var decision = Create(pod, Quota("compute", """{"requests.cpu":"4","limits.cpu":"4","limits.memory":"4Gi"}""", """{"requests.cpu":"0","limits.cpu":"0","limits.memory":"0"}"""));
        Assert.Equal("failed quota: compute: must specify limits.cpu for: app,web; limits.memory for: app,init,web; requests.cpu for: web", decision.Refusal);
    }

    [Fact]
    public void AQuotaNotYetCountedRefusesRatherThanGuess()
    {
        var decision = Create(Pod(), Quota("q", """{"pods":"2","count/pods":"3"}""", """{}"""));
        Assert.Equal("status unknown for quota: q, resources: count/pods,pods", decision.Refusal);
    }

    [Fact]
    public void AQuotaWithoutStatusHardIsNotInForceYet()
    {
        var quota = Obj("""{"metadata":{"name":"q","resourceVersion":"1"},"spec":{"hard":{"pods":"0"}}}""");
        Assert.Equal(QuotaDecision.None, Create(Pod(), quota));
    }

    [Fact]
    public void ScopesChooseWhichPodsCount()
    {
        var bestEffort = Quota("be", """{"pods":"0"}""", """{"pods":"0"}""", ""","scopes":["BestEffort"]""");
        var terminating = Quota("t", """{"pods":"0"}""", """{"pods":"0"}""", ""","scopes":["Terminating"]""");
        var priority = Quota("high", """{"pods":"0"}""", """{"pods":"0"}""",
            ""","scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}""");

        Assert.StartsWith("exceeded quota: be,", Create(Pod(), bestEffort).Refusal);
        Assert.Null(Create(Pod(""","resources":{"requests":{"memory":"1Mi"}}"""), bestEffort).Refusal);
        Assert.Null(Create(Pod(), terminating).Refusal);
        Assert.StartsWith("exceeded quota: t,", Create(Pod(extra: ""","activeDeadlineSeconds":60"""), terminating).Refusal);
        Assert.Null(Create(Pod(extra: ""","priorityClassName":"low" """), priority).Refusal);
        Assert.StartsWith("exceeded quota: high,", Create(Pod(extra: ""","priorityClassName":"high" """), priority).Refusal);
    }

    [Fact]
    public void AScopedQuotaCountsNoOtherKind()
    {
        var scoped = Quota("s", """{"count/services":"0"}""", """{"count/services":"0"}""", ""","scopes":["NotTerminating"]""");
        var service = Obj("""{"metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}""");
        Assert.Equal(QuotaDecision.None, QuotaEvaluator.Evaluate("services", service, null, [scoped], Now));
    }

    [Fact]
    public void AServiceBecomingANodePortIsChargedItsPorts()
    {
        var quota = Quota("q", """{"services":"5","services.nodeports":"1"}""", """{"services":"1","services.nodeports":"0"}""");
        var old = Obj("""{"metadata":{"name":"s"},"spec":{"type":"ClusterIP","ports":[{"port":80},{"port":443}]}}""");
        var nodePort = Obj("""{"metadata":{"name":"s"},"spec":{"type":"NodePort","ports":[{"port":80},{"port":443}]}}""");
        Assert.Equal("exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1",
            QuotaEvaluator.Evaluate("services", nodePort, old, [quota], Now).Refusal);
        // Updating a Service does not count it again.
        Assert.Equal(QuotaDecision.None, QuotaEvaluator.Evaluate("services", old, old, [quota], Now));
    }

    [Fact]
    public void AClaimExpansionIsChargedTheDifferencePerClass()
    {
        var quota = Quota("q", """{"requests.storage":"10Gi","gold.storageclass.storage.k8s.io/requests.storage":"3Gi"}""",
            """{"requests.storage":"2Gi","gold.storageclass.storage.k8s.io/requests.storage":"2Gi"}""");
        JsonObject Claim(string size) => Obj("""{"metadata":{"name":"c"},"spec":{"storageClassName":"gold","resources":{"requests":{"storage":""" + "\"" + size + "\"" + "}}}}");
        Assert.Equal("exceeded quota: q, requested: gold.storageclass.storage.k8s.io/requests.storage=2Gi, used: gold.storageclass.storage.k8s.io/requests.storage=2Gi, limited: gold.storageclass.storage.k8s.io/requests.storage=3Gi",
            QuotaEvaluator.Evaluate("persistentvolumeclaims", Claim("4Gi"), Claim("2Gi"), [quota], Now).Refusal);
        var charge = Assert.Single(QuotaEvaluator.Evaluate("persistentvolumeclaims", Claim("3Gi"), Claim("2Gi"), [quota], Now).Charges);
        Assert.Equal("""{"gold.storageclass.storage.k8s.io/requests.storage":"3Gi","requests.storage":"3Gi"}""", charge.Used.ToJsonString());
    }

    [Fact]
    public void ObjectCountsCoverAnyKind()
    {
        var quota = Quota("q", """{"count/deployments.apps":"1","configmaps":"3"}""", """{"count/deployments.apps":"1","configmaps":"0"}""");
        var deployment = Obj("""{"metadata":{"name":"d"}}""");
        Assert.Equal("exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1",
            QuotaEvaluator.Evaluate("deployments.apps", deployment, null, [quota], Now).Refusal);
        Assert.Equal("""{"configmaps":"1","count/deployments.apps":"1"}""",
            Assert.Single(QuotaEvaluator.Evaluate("configmaps", deployment, null, [quota], Now).Charges).Used.ToJsonString());
    }
}
