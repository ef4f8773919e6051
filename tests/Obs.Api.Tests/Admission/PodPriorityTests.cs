using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Objects;

namespace Obs.Api.Tests.Admission;

public class PodPriorityTests
{
    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static JsonObject Class(string name, long value, bool globalDefault = false, string policy = "PreemptLowerPriority") =>
        Obj($$"""{"metadata":{"name":"{{name}}"},"value":{{value}},"globalDefault":{{(globalDefault ? "true" : "false")}},"preemptionPolicy":"{{policy}}"}""");

    [Fact]
    public void TheNamedClassGivesPriorityAndPreemptionPolicy()
    {
        var pod = Obj("""{"spec":{"priorityClassName":"batch","containers":[]}}""");

        Assert.Null(PodPriority.Admit(pod, Class("batch", 100, policy: "Never")));

        Assert.Equal(100, pod.LongAt("spec", "priority"));
        Assert.Equal("Never", pod.StringAt("spec", "preemptionPolicy"));
        Assert.Equal("batch", pod.StringAt("spec", "priorityClassName"));
    }

    [Fact]
    public void APodNamingNoClassGetsTheGlobalDefaultByName()
    {
        var pod = Obj("""{"spec":{"containers":[]}}""");
        var chosen = PodPriority.GlobalDefault([Class("plain", 5), Class("default-b", 30, globalDefault: true), Class("default-a", 20, globalDefault: true)]);

        Assert.Null(PodPriority.Admit(pod, chosen));

        Assert.Equal("default-a", pod.StringAt("spec", "priorityClassName"));
        Assert.Equal(20, pod.LongAt("spec", "priority"));
    }

    [Fact]
    public void WithoutADefaultClassThePriorityIsZero()
    {
        var pod = Obj("""{"spec":{"containers":[]}}""");

        Assert.Null(PodPriority.Admit(pod, PodPriority.GlobalDefault([Class("plain", 5)])));

        Assert.Equal(0, pod.LongAt("spec", "priority"));
        Assert.Equal("PreemptLowerPriority", pod.StringAt("spec", "preemptionPolicy"));
        Assert.Null(pod.StringAt("spec", "priorityClassName"));
    }

    [Fact]
    public void APriorityOtherThanTheClassesIsRefusedAndTheSameOneIsAccepted()
    {
        var pod = Obj("""{"spec":{"priorityClassName":"batch","priority":7,"containers":[]}}""");
        Assert.Equal("the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name",
            PodPriority.Admit(pod, Class("batch", 100)));

        var same = Obj("""{"spec":{"priorityClassName":"batch","priority":100,"containers":[]}}""");
        Assert.Null(PodPriority.Admit(same, Class("batch", 100)));
    }

    [Fact]
    public void APreemptionPolicyOtherThanTheClassesIsRefused()
    {
        var pod = Obj("""{"spec":{"priorityClassName":"batch","preemptionPolicy":"Never","containers":[]}}""");
        Assert.Equal("the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name",
            PodPriority.Admit(pod, Class("batch", 100)));
    }

    [Fact]
    public void AnUpdateLeavingOutThePriorityKeepsIt()
    {
        var old = Obj("""{"spec":{"priorityClassName":"batch","priority":100,"preemptionPolicy":"Never"}}""");
        var updated = Obj("""{"spec":{"priorityClassName":"batch"}}""");

        PodPriority.CarryOver(updated, old);

        Assert.Equal(100, updated.LongAt("spec", "priority"));
        Assert.Equal("Never", updated.StringAt("spec", "preemptionPolicy"));
    }
}
