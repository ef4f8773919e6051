using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

/// <summary>
/// What a gated pod's update may do to where it will run: narrow it (node selector entries and required
/// node affinity expressions added), never widen or move it, and only while the stored pod is gated.
/// </summary>
public class SchedulingGateValidationTests
{
    private const string Zone = """{"key":"zone","operator":"In","values":["a","b"]}""";
    private const string Disk = """{"key":"disk","operator":"In","values":["ssd"]}""";

    private static IReadOnlyList<string> Update(JsonObject now, JsonObject old) => Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Pod, now, old));

    private static JsonObject Gated(string? affinity = null)
    {
        var pod = Pod();
        pod["spec"]!["schedulingGates"] = JsonNode.Parse("""[{"name":"example.com/queue"}]""");
        if (affinity is not null) pod["spec"]!["affinity"] = JsonNode.Parse(affinity);
        return pod;
    }

    private static string Required(params string[] terms) =>
        """{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[""" + string.Join(",", terms) + "]}}}";

    private static string Term(params string[] expressions) => """{"matchExpressions":[""" + string.Join(",", expressions) + "]}";

    [Fact]
    public void AGatedPodWithoutNodeAffinityMayBeGivenOne()
    {
        Assert.Empty(Update(Gated(Required(Term(Zone))), Gated()));
    }

    [Fact]
    public void ATermMayGainExpressions()
    {
        Assert.Empty(Update(Gated(Required(Term(Zone, Disk))), Gated(Required(Term(Zone)))));
    }

    [Fact]
    public void TermsMayNotBeAddedOrRemoved()
    {
        const string field = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
        var widened = Update(Gated(Required(Term(Zone), Term(Disk))), Gated(Required(Term(Zone))));
        Assert.Contains(widened, m => m.StartsWith(field + ": Invalid value: ", StringComparison.Ordinal)
            && m.EndsWith(": no additions/deletions to non-empty NodeSelectorTerms list are allowed", StringComparison.Ordinal));
        var dropped = Update(Gated(), Gated(Required(Term(Zone))));
        Assert.Contains(dropped, m => m.StartsWith(field + ": Invalid value: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AnExpressionMayNotChangeOrGo()
    {
        const string field = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
        var changed = Update(Gated(Required(Term(Zone.Replace("\"b\"", "\"c\"", StringComparison.Ordinal)))), Gated(Required(Term(Zone))));
        Assert.Contains(changed, m => m.StartsWith(field + ": Invalid value: ", StringComparison.Ordinal)
            && m.EndsWith(": only additions are allowed (no mutations or deletions)", StringComparison.Ordinal));
        var reordered = Update(Gated(Required(Term(Disk, Zone))), Gated(Required(Term(Zone, Disk))));
        Assert.Contains(reordered, m => m.StartsWith(field + ": ", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyTheNodeAffinityOfAnAffinityIsLoosened()
    {
        const string podAffinity = """{"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"db"}},"topologyKey":"zone"}]}}""";
        var withPodAffinity = Gated(podAffinity);
        var narrowed = Gated(podAffinity);
        narrowed["spec"]!["affinity"]!["nodeAffinity"] = JsonNode.Parse(Required(Term(Zone)))!["nodeAffinity"]!.DeepClone();
        Assert.Empty(Update(narrowed, withPodAffinity));

        var podAffinityChanged = Gated(podAffinity.Replace("\"db\"", "\"cache\"", StringComparison.Ordinal));
        var message = Assert.Single(Update(podAffinityChanged, withPodAffinity));
        Assert.EndsWith("changed: spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels.app", message);
    }

    [Fact]
    public void AnUngatedPodKeepsItsNodeAffinity()
    {
        var before = Pod();
        var now = Pod();
        now["spec"]!["affinity"] = JsonNode.Parse(Required(Term(Zone)));
        var message = Assert.Single(Update(now, before));
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than", message);
    }

    [Fact]
    public void TheNodeSelectorMayGainEntriesButNotChangeOne()
    {
        var before = Gated();
        before["spec"]!["nodeSelector"] = new JsonObject { ["zone"] = "a" };
        var added = Gated();
        added["spec"]!["nodeSelector"] = new JsonObject { ["zone"] = "a", ["disk"] = "ssd" };
        Assert.Empty(Update(added, before));
        var changed = Gated();
        changed["spec"]!["nodeSelector"] = new JsonObject { ["zone"] = "b" };
        Assert.Contains("spec.nodeSelector: Forbidden: only additions to spec.nodeSelector are allowed (no mutations or deletions)", Update(changed, before));
    }
}
