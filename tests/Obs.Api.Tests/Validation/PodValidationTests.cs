using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class PodValidationTests
{
    private static IReadOnlyList<string> Validate(JsonObject pod) => Messages(ObjectValidator.ValidateCreate(ResourceTypes.Pod, pod));

    [Fact]
    public void ValidPodHasNoErrors() => Assert.Empty(Validate(Pod()));

    [Fact]
    public void ContainersAreRequired()
    {
        var pod = Pod();
        pod["spec"]!["containers"] = new JsonArray();
        Assert.Equal(["spec.containers: Required value"], Validate(pod));
    }

    [Fact]
    public void ContainerNamesAreUniqueLabelsAndImagesRequired()
    {
        var pod = Pod();
        pod["spec"]!["containers"] = JsonNode.Parse("""[{"name":"a","image":"x"},{"name":"a"},{"name":"B_","image":"y"}]""");
        var messages = Validate(pod);
        Assert.Equal("spec.containers[1].image: Required value", messages[0]);
        Assert.Equal("spec.containers[1].name: Duplicate value: \"a\"", messages[1]);
        Assert.StartsWith("spec.containers[2].name: Invalid value: \"B_\": a lowercase RFC 1123 label", messages[2]);
        Assert.Equal(3, messages.Count);
    }

    [Fact]
    public void PortsMustBeInRangeWithUniqueNames()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["ports"] = JsonNode.Parse("""[{"name":"http","containerPort":70000,"protocol":"TCP"},{"name":"http","containerPort":81,"protocol":"HTTP"}]""");
        Assert.Equal(
            [
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ],
            Validate(pod));
    }

    [Fact]
    public void RequestsMayNotExceedLimits()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["resources"] = JsonNode.Parse("""{"requests":{"cpu":"2","memory":"1Gi"},"limits":{"cpu":"1","memory":"1024Mi"}}""");
        Assert.Equal(["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"], Validate(pod));
    }

    [Fact]
    public void BadQuantitiesAndResourceNamesAreReported()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["resources"] = JsonNode.Parse("""{"requests":{"cpu":"lots","gpu":"1"}}""");
        Assert.Equal(
            [
                "spec.containers[0].resources.requests[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
            ],
            Validate(pod));
    }

    [Fact]
    public void PolicyValuesAreChecked()
    {
        var pod = Pod();
        pod["spec"]!["restartPolicy"] = "Sometimes";
        pod["spec"]!["dnsPolicy"] = "Weird";
        pod["spec"]!["containers"]![0]!["imagePullPolicy"] = "Maybe";
        Assert.Equal(
            [
                "spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Weird\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"",
            ],
            Validate(pod));
    }

    [Fact]
    public void ProbesNeedExactlyOneHandler()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["livenessProbe"] = JsonNode.Parse("""{"exec":{"command":["true"]},"tcpSocket":{"port":80},"successThreshold":2}""");
        pod["spec"]!["containers"]![0]!["readinessProbe"] = JsonNode.Parse("""{"periodSeconds":-1}""");
        Assert.Equal(
            [
                "spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
                "spec.containers[0].readinessProbe: Required value: must specify a handler type",
                "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
            ],
            Validate(pod));
    }

    [Fact]
    public void VolumesNeedOneSourceAndMountsMustReferToThem()
    {
        var pod = Pod();
        pod["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}},{"name":"both","emptyDir":{},"configMap":{"name":"c"}},{"name":"none"}]""");
        pod["spec"]!["containers"]![0]!["volumeMounts"] = JsonNode.Parse("""[{"name":"data","mountPath":"/d"},{"name":"missing","mountPath":"/d"}]""");
        Assert.Equal(
            [
                "spec.volumes[1].name: Duplicate value: \"data\"",
                "spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[3]: Required value: must specify a volume type",
                "spec.containers[0].volumeMounts[1].name: Not found: \"missing\"",
                "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique",
            ],
            Validate(pod));
    }

    [Fact]
    public void EnvNamesAndSourcesAreChecked()
    {
        var pod = Pod();
        pod["spec"]!["containers"]![0]!["env"] = JsonNode.Parse("""[{"name":""},{"name":"A","value":"x","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"B","valueFrom":{}}]""");
        Assert.Equal(
            [
                "spec.containers[0].env[0].name: Required value",
                "spec.containers[0].env[1].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
                "spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ],
            Validate(pod));
    }

    [Fact]
    public void TolerationsFollowKubernetesRules()
    {
        var pod = Pod();
        pod["spec"]!["tolerations"] = JsonNode.Parse("""[{"operator":"Equal","value":"x"},{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":5}]""");
        Assert.Equal(
            [
                "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
            ],
            Validate(pod));
    }

    [Fact]
    public void WrongTypesYieldErrorsNotExceptions()
    {
        var pod = Obj("""{"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[{"name":1,"image":["x"],"ports":"80","resources":{"limits":[]}},"x"],"volumes":{}}}""");
        var errors = ObjectValidator.ValidateCreate(ResourceTypes.Pod, pod);
        Assert.Contains(errors, e => e.Field == "spec.volumes");
        Assert.Contains(errors, e => e.Field == "spec.containers[1]");
        Assert.Contains(errors, e => e.Field == "spec.containers[0].name");
        Assert.Contains(errors, e => e.Field == "spec.containers[0].ports");
        Assert.Contains(errors, e => e.Field == "spec.containers[0].resources.limits");
    }

    [Fact]
    public void InitContainerNamesMustNotCollide()
    {
        var pod = Pod();
        pod["spec"]!["initContainers"] = JsonNode.Parse("""[{"name":"app","image":"busybox","livenessProbe":{"exec":{"command":["x"]}}}]""");
        Assert.Equal(
            [
                "spec.initContainers[0].name: Duplicate value: \"app\"",
                "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            ],
            Validate(pod));
    }
}
