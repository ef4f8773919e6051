using Obs.Api.Defaults;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public sealed class ClusterDefaultsTests
{
    [Fact]
    public void HpaWithoutMetricsScalesOnCpuAt80Percent()
    {
        var hpa = JsonAssert.Parse("""{"spec":{"maxReplicas":5,"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}}}""");

        ObjectDefaulter.Apply(ResourceTypes.HorizontalPodAutoscaler, hpa);

        JsonAssert.Equal("""
            {"spec":{"maxReplicas":5,"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,
              "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]}}
            """, hpa);
    }

    [Fact]
    public void HpaBehaviorIsCompletedWhenGiven()
    {
        var hpa = JsonAssert.Parse("""{"spec":{"maxReplicas":5,"metrics":[],"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}""");

        ObjectDefaulter.Apply(ResourceTypes.HorizontalPodAutoscaler, hpa);

        JsonAssert.Equal("""
            {"scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]},
             "scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max",
                        "policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]}}
            """, hpa["spec"]!["behavior"]);
    }

    [Fact]
    public void EndpointSlicePortsGetEmptyNameAndTcp()
    {
        var slice = JsonAssert.Parse("""{"addressType":"IPv4","ports":[{"port":80}]}""");

        ObjectDefaulter.Apply(ResourceTypes.EndpointSlice, slice);

        JsonAssert.Equal("""[{"port":80,"name":"","protocol":"TCP"}]""", slice["ports"]);
    }

    [Fact]
    public void RoleBindingGroupsAreFilledForUsersAndGroupsOnly()
    {
        var binding = JsonAssert.Parse("""
            {"roleRef":{"kind":"Role","name":"reader"},
             "subjects":[{"kind":"User","name":"jane"},{"kind":"Group","name":"ops"},{"kind":"ServiceAccount","name":"ci","namespace":"build"}]}
            """);

        ObjectDefaulter.Apply(ResourceTypes.RoleBinding, binding);

        JsonAssert.Equal("""
            {"roleRef":{"kind":"Role","name":"reader","apiGroup":"rbac.authorization.k8s.io"},
             "subjects":[{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"},
                         {"kind":"Group","name":"ops","apiGroup":"rbac.authorization.k8s.io"},
                         {"kind":"ServiceAccount","name":"ci","namespace":"build"}]}
            """, binding);
    }

    [Fact]
    public void IngressClassParametersAreClusterScoped()
    {
        var ingressClass = JsonAssert.Parse("""{"spec":{"controller":"x/y","parameters":{"kind":"Params","name":"p"}}}""");

        ObjectDefaulter.Apply(ResourceTypes.IngressClass, ingressClass);

        Assert.Equal("Cluster", ingressClass["spec"]!["parameters"]!["scope"]!.GetValue<string>());
    }
}
