using Obs.Api.Defaults;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public sealed class AppsDefaultsTests
{
    private const string Template = """
        {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}
        """;

    private const string DefaultedTemplate = """
        {"metadata":{"labels":{"app":"web"}},"spec":{
          "containers":[{"name":"nginx","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
          "dnsPolicy":"ClusterFirst","restartPolicy":"Always","securityContext":{},
          "terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler"}}
        """;

    [Fact]
    public void AReplicationControllerTakesItsSelectorAndLabelsFromItsTemplate()
    {
        var rc = JsonAssert.Parse($$$"""{"metadata":{"name":"web"},"spec":{"template":{{{Template}}}}}""");
        ObjectDefaulter.Apply(ResourceTypes.ReplicationController, rc);
        JsonAssert.Equal($$$"""
            {"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"selector":{"app":"web"},"replicas":1,"template":{{{DefaultedTemplate}}}}}
            """, rc);

        var given = JsonAssert.Parse($$$"""{"metadata":{"labels":{"team":"a"}},"spec":{"selector":{"app":"web","v":"1"},"replicas":0,"template":{{{Template}}}}}""");
        ObjectDefaulter.Apply(ResourceTypes.ReplicationController, given);
        JsonAssert.Equal($$$"""
            {"metadata":{"labels":{"team":"a"}},"spec":{"selector":{"app":"web","v":"1"},"replicas":0,"template":{{{DefaultedTemplate}}}}}
            """, given);
    }

    [Fact]
    public void DeploymentGetsRollingUpdateAndLimits()
    {
        var deployment = JsonAssert.Parse($$$"""{"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{{{Template}}}}}""");

        ObjectDefaulter.Apply(ResourceTypes.Deployment, deployment);

        JsonAssert.Equal($$$"""
            {"spec":{"selector":{"matchLabels":{"app":"web"}},"replicas":1,
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
              "revisionHistoryLimit":10,"progressDeadlineSeconds":600,"template":{{{DefaultedTemplate}}}}}
            """, deployment);
    }

    [Fact]
    public void DefaultedNumbersReadBackAsIntegersOfAnyWidth()
    {
        var deployment = JsonAssert.Parse("""{"spec":{}}""");

        ObjectDefaulter.Apply(ResourceTypes.Deployment, deployment);

        Assert.Equal(1, Obs.Api.Objects.JsonFields.LongAt(deployment, "spec", "replicas"));
        Assert.Equal(600, deployment["spec"]!["progressDeadlineSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void RecreateDeploymentGetsNoRollingUpdate()
    {
        var deployment = JsonAssert.Parse("""{"spec":{"strategy":{"type":"Recreate"},"replicas":3}}""");

        ObjectDefaulter.Apply(ResourceTypes.Deployment, deployment);

        JsonAssert.Equal("""{"type":"Recreate"}""", deployment["spec"]!["strategy"]);
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void PodTemplateDefaultsLeaveOutPodOnlyFields()
    {
        var rs = JsonAssert.Parse($$$"""{"spec":{"template":{{{Template}}}}}""");

        ObjectDefaulter.Apply(ResourceTypes.ReplicaSet, rs);

        JsonAssert.Equal($$$"""{"spec":{"replicas":1,"template":{{{DefaultedTemplate}}}}}""", rs);
    }

    [Fact]
    public void StatefulSetGetsPolicyPartitionRetentionAndClaimDefaults()
    {
        var sts = JsonAssert.Parse("""
            {"spec":{"serviceName":"db","volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.StatefulSet, sts);

        JsonAssert.Equal("""
            {"spec":{"serviceName":"db","podManagementPolicy":"OrderedReady",
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
              "replicas":1,"revisionHistoryLimit":10,
              "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem"},
                                       "status":{"phase":"Pending"}}]}}
            """, sts);
    }

    [Fact]
    public void StatefulSetOnDeleteHasNoPartition()
    {
        var sts = JsonAssert.Parse("""{"spec":{"updateStrategy":{"type":"OnDelete"}}}""");

        ObjectDefaulter.Apply(ResourceTypes.StatefulSet, sts);

        JsonAssert.Equal("""{"type":"OnDelete"}""", sts["spec"]!["updateStrategy"]);
    }

    [Fact]
    public void DaemonSetRollsOneNodeAtATime()
    {
        var ds = JsonAssert.Parse("""{"spec":{}}""");

        ObjectDefaulter.Apply(ResourceTypes.DaemonSet, ds);

        JsonAssert.Equal("""
            {"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},"revisionHistoryLimit":10}}
            """, ds);
    }
}
