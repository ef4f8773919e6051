using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public class PolicyDefaultsTests
{
    [Fact]
    public void APriorityClassPreemptsLowerPrioritiesUnlessItSaysNever()
    {
        var plain = JsonAssert.Parse("""{"metadata":{"name":"a"},"value":1}""");
        var never = JsonAssert.Parse("""{"metadata":{"name":"b"},"value":1,"preemptionPolicy":"Never"}""");

        ObjectDefaulter.Apply(ResourceTypes.PriorityClass, plain);
        ObjectDefaulter.Apply(ResourceTypes.PriorityClass, never);

        Assert.Equal("PreemptLowerPriority", plain.StringAt("preemptionPolicy"));
        Assert.Equal("Never", never.StringAt("preemptionPolicy"));
    }

    [Fact]
    public void ANetworkPolicyIsForIngressAndForEgressWhenItHasEgressRules()
    {
        var ingressOnly = JsonAssert.Parse("""{"spec":{"podSelector":{},"ingress":[{"ports":[{"port":80}]}]}}""");
        var both = JsonAssert.Parse("""{"spec":{"podSelector":{},"egress":[{"ports":[{"protocol":"UDP","port":53}]}]}}""");
        var stated = JsonAssert.Parse("""{"spec":{"podSelector":{},"egress":[{}],"policyTypes":["Egress"]}}""");

        foreach (var policy in new[] { ingressOnly, both, stated }) ObjectDefaulter.Apply(ResourceTypes.NetworkPolicy, policy);

        Assert.Equal("""["Ingress"]""", ingressOnly.At("spec", "policyTypes")!.ToJsonString());
        Assert.Equal("TCP", ingressOnly.At("spec", "ingress")![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("""["Ingress","Egress"]""", both.At("spec", "policyTypes")!.ToJsonString());
        Assert.Equal("UDP", both.At("spec", "egress")![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("""["Egress"]""", stated.At("spec", "policyTypes")!.ToJsonString());
    }
}
