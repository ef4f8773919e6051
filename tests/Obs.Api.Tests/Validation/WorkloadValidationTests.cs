using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class WorkloadValidationTests
{
    [Fact]
    public void ValidDeploymentHasNoErrors() => Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, Deployment()));

    [Fact]
    public void SelectorMustMatchTemplateLabels()
    {
        var d = Deployment();
        d["spec"]!["template"]!["metadata"]!["labels"] = JsonNode.Parse("""{"app":"db"}""");
        Assert.Equal(
            ["spec.template.metadata.labels: Invalid value: {\"app\":\"db\"}: `selector` does not match template `labels`"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
    }

    [Fact]
    public void AReplicationControllersSelectorIsANonEmptyLabelMapTheTemplateMatches()
    {
        static JsonObject Rc(string selector, string labels = """{"app":"web"}""") => Obj($$$"""
            {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":1,"selector":{{{selector}}},
               "template":{"metadata":{"labels":{{{labels}}}},"spec":{"restartPolicy":"Always","containers":[{"name":"app","image":"nginx"}] } } } }
            """);
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.ReplicationController, Rc("""{"app":"web"}""")));
        Assert.Equal(
            ["spec.template.metadata.labels: Invalid value: {\"app\":\"db\"}: `selector` does not match template `labels`"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.ReplicationController, Rc("""{"app":"web"}""", """{"app":"db"}"""))));
        Assert.Equal(["spec.selector: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.ReplicationController, Rc("{}"))));
        Assert.Equal(
            ["spec.selector: Invalid value: \"app=web\": must be a map of label keys to values"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.ReplicationController, Rc("\"app=web\""))));
        // Unlike apps/v1 workloads, a ReplicationController's selector may change.
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.ReplicationController, Rc("""{"app":"web"}"""), Rc("""{"app":"web","v":"1"}""", """{"app":"web","v":"1"}""")));
    }

    [Fact]
    public void SelectorIsRequiredAndNonEmpty()
    {
        var d = Deployment();
        ((JsonObject)d["spec"]!).Remove("selector");
        Assert.Equal(["spec.selector: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
        d["spec"]!["selector"] = new JsonObject();
        Assert.Equal(["spec.selector: Invalid value: {}: empty selector is invalid for deployment"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
    }

    [Fact]
    public void InvalidSelectorExpressionsAreReportedWithPaths()
    {
        var d = Deployment();
        d["spec"]!["selector"] = JsonNode.Parse("""{"matchExpressions":[{"key":"app","operator":"Equals","values":["web"]}]}""");
        var messages = Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d));
        Assert.Equal("spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator", messages[0]);
        Assert.EndsWith("invalid label selector", messages[1]);
    }

    [Fact]
    public void ReplicasAndRollingUpdateBudgets()
    {
        var d = Deployment();
        d["spec"]!["replicas"] = -1;
        d["spec"]!["strategy"]!["rollingUpdate"] = JsonNode.Parse("""{"maxSurge":0,"maxUnavailable":"0%"}""");
        Assert.Equal(
            [
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
    }

    [Fact]
    public void StrategyValuesAndPercentages()
    {
        var d = Deployment();
        d["spec"]!["strategy"] = JsonNode.Parse("""{"type":"Recreate","rollingUpdate":{}}""");
        Assert.Equal(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
        d["spec"]!["strategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"x","maxUnavailable":"150%"}}""");
        var messages = Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d));
        Assert.StartsWith("spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%'", messages[0]);
        Assert.Equal("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%", messages[1]);
    }

    [Fact]
    public void TemplateRestartPolicyMustBeAlways()
    {
        var d = Deployment();
        d["spec"]!["template"]!["spec"]!["restartPolicy"] = "Never";
        Assert.Equal(["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
    }

    [Fact]
    public void TemplatePodSpecErrorsCarryTemplatePaths()
    {
        var d = Deployment();
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "";
        Assert.Equal(["spec.template.spec.containers[0].image: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Deployment, d)));
    }

    [Fact]
    public void DeploymentSelectorIsImmutable()
    {
        var old = Deployment();
        var now = Deployment();
        now["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"web","tier":"a"}}""");
        now["spec"]!["template"]!["metadata"]!["labels"] = JsonNode.Parse("""{"app":"web","tier":"a"}""");
        Assert.Equal(["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"a\"}}: field is immutable"], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Deployment, now, old)));
        now = Deployment();
        now["spec"]!["replicas"] = 5;
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.Deployment, now, old));
    }

    [Fact]
    public void ReplicaSetUsesTheSameRules()
    {
        var rs = Deployment();
        rs["kind"] = "ReplicaSet";
        ((JsonObject)rs["spec"]!).Remove("strategy");
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.ReplicaSet, rs));
        rs["spec"]!["selector"] = new JsonObject();
        Assert.Equal(["spec.selector: Invalid value: {}: empty selector is invalid for deployment"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.ReplicaSet, rs)));
    }

    [Fact]
    public void StatefulSetChecksPoliciesAndForbidsMostUpdates()
    {
        var sts = Deployment();
        ((JsonObject)sts["spec"]!).Remove("strategy");
        sts["spec"]!["serviceName"] = "web";
        sts["spec"]!["podManagementPolicy"] = "Random";
        Assert.Equal(["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.StatefulSet, sts)));

        var old = (JsonObject)sts.DeepClone();
        old["spec"]!["podManagementPolicy"] = "OrderedReady";
        var now = (JsonObject)old.DeepClone();
        now["spec"]!["serviceName"] = "other";
        Assert.Equal(
            ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"],
            Messages(ObjectValidator.ValidateUpdate(ResourceTypes.StatefulSet, now, old)));
    }

    [Fact]
    public void StatefulSetContainersMayMountTheirClaimTemplates()
    {
        var sts = Deployment();
        ((JsonObject)sts["spec"]!).Remove("strategy");
        sts["spec"]!["serviceName"] = "web";
        var container = (JsonObject)sts["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" });
        Assert.Equal(["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""], Messages(ObjectValidator.ValidateCreate(ResourceTypes.StatefulSet, sts)));
        sts["spec"]!["volumeClaimTemplates"] = new JsonArray(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "data" },
            ["spec"] = new JsonObject { ["accessModes"] = new JsonArray("ReadWriteOnce"), ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } } },
        });
        Assert.Empty(Messages(ObjectValidator.ValidateCreate(ResourceTypes.StatefulSet, sts)));
        Assert.Null(sts["spec"]!["template"]!["spec"]!["volumes"]);
    }

    [Fact]
    public void DaemonSetRollingUpdateNeedsExactlyOneBudget()
    {
        var ds = Deployment();
        ((JsonObject)ds["spec"]!).Remove("strategy");
        ((JsonObject)ds["spec"]!).Remove("replicas");
        ds["spec"]!["updateStrategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}""");
        Assert.Equal(["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.DaemonSet, ds)));
        ds["spec"]!["updateStrategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":1}}""");
        Assert.Equal(["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: \"1\": may not be set when maxUnavailable is non-zero"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.DaemonSet, ds)));
    }
}
