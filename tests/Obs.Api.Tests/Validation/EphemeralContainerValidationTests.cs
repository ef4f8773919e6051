using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class EphemeralContainerValidationTests
{
    /// <summary>What kubectl debug adds, after defaulting; <paramref name="extra"/> is merged into it.</summary>
    private static JsonObject Debugger(string name = "dbg", string extra = "{}")
    {
        var container = Obj($$"""
            {"name":"{{name}}","image":"busybox","command":["sh"],"imagePullPolicy":"IfNotPresent","terminationMessagePolicy":"File",
             "terminationMessagePath":"/dev/termination-log","resources":{},"stdin":true,"tty":true,"targetContainerName":"app"}
            """);
        foreach (var (key, value) in Obj(extra)) container[key] = value?.DeepClone();
        return container;
    }

    private static JsonObject PodWith(params JsonObject[] ephemeral)
    {
        var pod = Pod();
        pod["spec"]!["ephemeralContainers"] = new JsonArray(ephemeral.Select(e => (JsonNode)e).ToArray());
        return pod;
    }

    private static IReadOnlyList<string> Write(JsonObject now, JsonObject old) => Messages(ObjectValidator.ValidateEphemeralContainersUpdate(now, old));

    [Fact]
    public void AddingOneAsKubectlDebugDoesIsValid()
    {
        Assert.Empty(Write(PodWith(Debugger()), Pod()));
        Assert.Empty(Write(PodWith(Debugger(), Debugger("dbg2")), PodWith(Debugger())));
    }

    [Fact]
    public void TheFieldsOfAWorkloadContainerAreRefusedByName()
    {
        var now = PodWith(Debugger(extra: """
            {"ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}},"readinessProbe":{"exec":{"command":["true"]}},
             "lifecycle":{"preStop":{"exec":{"command":["true"]}}},"restartPolicy":"Always"}
            """));
        Assert.Equal(
        [
            "spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container",
            "spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container",
        ], Write(now, Pod()));
    }

    [Fact]
    public void ASubPathMountIsRefused()
    {
        var now = PodWith(Debugger(extra: """{"volumeMounts":[{"name":"data","mountPath":"/d","subPath":"x"}]}"""));
        now["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"data","emptyDir":{}}]""");
        var old = Pod();
        old["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"data","emptyDir":{}}]""");
        Assert.Equal(["spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container"], Write(now, old));
    }

    [Fact]
    public void NamesAreUniqueAcrossEveryKindOfContainer()
    {
        Assert.Equal(["spec.ephemeralContainers[0].name: Duplicate value: \"app\""], Write(PodWith(Debugger("app")), Pod()));
        Assert.Equal(["spec.ephemeralContainers[1].name: Duplicate value: \"dbg\""], Write(PodWith(Debugger(), Debugger()), Pod()));
    }

    [Fact]
    public void TheTargetMustBeOneOfThePodsOtherContainers()
    {
        Assert.Equal(["spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\""],
            Write(PodWith(Debugger(extra: """{"targetContainerName":"nope"}""")), Pod()));
        Assert.Equal(["spec.ephemeralContainers[1].targetContainerName: Not found: \"dbg\""],
            Write(PodWith(Debugger(), Debugger("dbg2", """{"targetContainerName":"dbg"}""")), Pod()));
    }

    [Fact]
    public void AnAddedContainerMayNotBeRemovedOrChanged()
    {
        var old = PodWith(Debugger());
        Assert.Equal(["spec.ephemeralContainers: Forbidden: existing ephemeral containers \"dbg\" may not be removed"], Write(PodWith(), old));
        Assert.Equal(["spec.ephemeralContainers: Forbidden: existing ephemeral containers \"dbg\" may not be changed\nchanged: spec.ephemeralContainers[dbg].image"],
            Write(PodWith(Debugger(extra: """{"image":"alpine"}""")), old));
    }

    [Fact]
    public void TheOrderOfTheListDoesNotMatter()
    {
        Assert.Empty(Write(PodWith(Debugger("b"), Debugger("a")), PodWith(Debugger("a"), Debugger("b"))));
    }

    [Fact]
    public void APodUpdateMayNotChangeThem()
    {
        var message = Assert.Single(Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Pod, PodWith(Debugger()), Pod())));
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than", message);
        Assert.EndsWith("changed: spec.ephemeralContainers", message);
    }

    [Fact]
    public void APodTemplateMayNotHaveThem()
    {
        var deployment = Deployment();
        deployment["spec"]!["template"]!["spec"]!["ephemeralContainers"] = new JsonArray(Debugger());
        Assert.Contains("spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, deployment)));
    }
}
