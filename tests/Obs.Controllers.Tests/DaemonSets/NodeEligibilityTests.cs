using System.Text.Json.Nodes;
using Obs.Controllers.DaemonSets;

namespace Obs.Controllers.Tests.DaemonSets;

public sealed class NodeEligibilityTests
{
    private static JsonObject Node(string taints = "[]", string labels = """{"zone":"a","cores":"8"}""") =>
        (JsonObject)JsonNode.Parse($$"""{"metadata":{"name":"n1","labels":{{labels}} },"spec":{"taints":{{taints}} } }""")!;

    private static JsonObject Spec(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Theory]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoSchedule"}]""", "[]", false, true)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoExecute"}]""", "[]", false, false)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"PreferNoSchedule"}]""", "[]", true, true)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoSchedule"}]""", """[{"key":"dedicated","operator":"Equal","value":"db"}]""", true, true)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoSchedule"}]""", """[{"key":"dedicated","operator":"Equal","value":"web"}]""", false, true)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoExecute"}]""", """[{"operator":"Exists"}]""", true, true)]
    [InlineData("""[{"key":"dedicated","value":"db","effect":"NoExecute"}]""", """[{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}]""", false, false)]
    public void TaintsAgainstTolerations(string taints, string tolerations, bool shouldRun, bool shouldContinue)
    {
        var result = NodeEligibility.Check(Node(taints), Spec($$"""{"tolerations":{{tolerations}}}"""));
        Assert.Equal((shouldRun, shouldContinue), result);
    }

    [Theory]
    [InlineData("""{"nodeSelector":{"zone":"a"}}""", true)]
    [InlineData("""{"nodeSelector":{"zone":"b"}}""", false)]
    [InlineData("""{"nodeName":"n2"}""", false)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]}]}]}}}}""", true)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"NotIn","values":["a"]}]}]}}}}""", false)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"gpu","operator":"Exists"}]},{"matchExpressions":[{"key":"cores","operator":"Gt","values":["4"]}]}]}}}}""", true)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"cores","operator":"Lt","values":["4"]}]}]}}}}""", false)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["n1"]}]}]}}}}""", true)]
    [InlineData("""{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{}]}}}}""", false)]
    public void NodeSelectorNodeNameAndRequiredAffinity(string spec, bool shouldRun)
    {
        Assert.Equal((shouldRun, shouldRun), NodeEligibility.Check(Node(), Spec(spec)));
    }
}
