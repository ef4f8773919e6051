using Obs.Api.Defaults;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public sealed class PodDefaultsTests
{
    [Fact]
    public void MinimalPodGetsEveryDefaultKubectlShows()
    {
        var pod = JsonAssert.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        JsonAssert.Equal("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
             "spec":{
               "containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
                 "imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log",
                 "terminationMessagePolicy":"File","resources":{}}],
               "enableServiceLinks":true,
               "dnsPolicy":"ClusterFirst","restartPolicy":"Always","securityContext":{},
               "terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler",
               "serviceAccountName":"default","serviceAccount":"default",
               "priority":0,"preemptionPolicy":"PreemptLowerPriority",
               "tolerations":[
                 {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
                 {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
             "status":{"phase":"Pending","qosClass":"BestEffort"}}
            """, pod);
    }

    [Theory]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}]""", "Guaranteed")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"0.5","memory":"128Mi"},"requests":{"cpu":"500m","memory":"134217728"}}}]""", "Guaranteed")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1"}}}]""", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"100m"}}}]""", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"b","image":"x"}]""", "Burstable")]
    [InlineData("""[{"name":"a","image":"x","resources":{"requests":{"ephemeral-storage":"1Gi"}}}]""", "BestEffort")]
    [InlineData("""[{"name":"a","image":"x","resources":{"requests":{"cpu":"0"}}}]""", "BestEffort")]
    public void QosClassFollowsRequestsAndLimits(string containers, string expected)
    {
        var pod = JsonAssert.Parse($$$"""{"spec":{"containers":{{{containers}}}}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        Assert.Equal(expected, pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyingTwiceChangesNothing()
    {
        var pod = JsonAssert.Parse("""{"spec":{"containers":[{"name":"a","image":"busybox","resources":{"limits":{"cpu":"1"}}}]}}""");
        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);
        var once = pod.DeepClone();

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        JsonAssert.Equal(once.ToJsonString(), pod);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("registry.local:5000/team/app", "Always")]
    [InlineData("registry.local:5000/team/app:v2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123abcd", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123abcd", "Always")]
    public void ImagePullPolicyFollowsTheTag(string image, string expected)
    {
        var pod = JsonAssert.Parse($$$"""{"spec":{"containers":[{"name":"a","image":"{{{image}}}"}]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        Assert.Equal(expected, pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void GivenValuesAreKept()
    {
        var pod = JsonAssert.Parse("""
            {"spec":{"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":0,
              "serviceAccountName":"builder","tolerations":[{"operator":"Exists"}],
              "containers":[{"name":"a","image":"x","imagePullPolicy":"Never"}]}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        var spec = pod["spec"]!;
        Assert.Equal("Never", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal("Default", spec["dnsPolicy"]!.GetValue<string>());
        Assert.Equal(0, spec["terminationGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal("builder", spec["serviceAccount"]!.GetValue<string>());
        Assert.Equal("Never", spec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        // A toleration of everything already covers both taints.
        JsonAssert.Equal("""[{"operator":"Exists"}]""", spec["tolerations"]);
    }

    [Fact]
    public void RequestsDefaultToLimitsPerResource()
    {
        var pod = JsonAssert.Parse("""
            {"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m"}}}],
                     "initContainers":[{"name":"i","image":"x","resources":{"limits":{"memory":"64Mi"}}}]}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        JsonAssert.Equal("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"128Mi"}}""",
            pod["spec"]!["containers"]![0]!["resources"]);
        JsonAssert.Equal("""{"limits":{"memory":"64Mi"},"requests":{"memory":"64Mi"}}""",
            pod["spec"]!["initContainers"]![0]!["resources"]);
    }

    [Fact]
    public void EmptyLimitsAddNoRequests()
    {
        var pod = JsonAssert.Parse("""{"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{}}}]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        JsonAssert.Equal("""{"limits":{}}""", pod["spec"]!["containers"]![0]!["resources"]);
    }

    [Fact]
    public void ProbesEnvAndVolumesAreDefaulted()
    {
        var pod = JsonAssert.Parse("""
            {"spec":{"containers":[{"name":"a","image":"x:1",
               "livenessProbe":{"httpGet":{"port":8080}},
               "readinessProbe":{"grpc":{"port":9000},"periodSeconds":5},
               "lifecycle":{"preStop":{"httpGet":{"port":80,"path":"/stop"}}},
               "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
                      {"name":"MEM","valueFrom":{"resourceFieldRef":{"resource":"limits.memory"}}}]}],
              "volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"c"}},{"name":"sec","secret":{"secretName":"s","defaultMode":256}},
                         {"name":"host","hostPath":{"path":"/var/log"}},
                         {"name":"info","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
                         {"name":"token","projected":{"sources":[{"serviceAccountToken":{"path":"t"}}]}}]}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        var container = pod["spec"]!["containers"]![0]!;
        JsonAssert.Equal("""{"httpGet":{"port":8080,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}""",
            container["livenessProbe"]);
        JsonAssert.Equal("""{"grpc":{"port":9000,"service":""},"periodSeconds":5,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3}""",
            container["readinessProbe"]);
        JsonAssert.Equal("""{"preStop":{"httpGet":{"port":80,"path":"/stop","scheme":"HTTP"}}}""", container["lifecycle"]);
        JsonAssert.Equal("""
            [{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName","apiVersion":"v1"}}},
             {"name":"MEM","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"0"}}}]
            """, container["env"]);
        JsonAssert.Equal("""
            [{"name":"scratch","emptyDir":{}},
             {"name":"cfg","configMap":{"name":"c","defaultMode":420}},
             {"name":"sec","secret":{"secretName":"s","defaultMode":256}},
             {"name":"host","hostPath":{"path":"/var/log","type":""}},
             {"name":"info","downwardAPI":{"defaultMode":420,"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels","apiVersion":"v1"}}]}},
             {"name":"token","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":{"path":"t","expirationSeconds":3600}}]}}]
            """, pod["spec"]!["volumes"]);
    }

    [Fact]
    public void HostNetworkPodsExposeContainerPortsOnTheHost()
    {
        var pod = JsonAssert.Parse("""{"spec":{"hostNetwork":true,"containers":[{"name":"a","image":"x:1","ports":[{"containerPort":8080},{"containerPort":9090,"hostPort":9091}]}]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        JsonAssert.Equal("""[{"containerPort":8080,"hostPort":8080,"protocol":"TCP"},{"containerPort":9090,"hostPort":9091,"protocol":"TCP"}]""",
            pod["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void BuiltInPriorityClassesResolveToTheirValues()
    {
        var pod = JsonAssert.Parse("""{"spec":{"priorityClassName":"system-node-critical","containers":[]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        Assert.Equal(2000001000, pod["spec"]!["priority"]!.GetValue<long>());
    }

    [Fact]
    public void OtherPriorityClassesAreLeftToTheServer()
    {
        var pod = JsonAssert.Parse("""{"spec":{"priorityClassName":"batch-low","containers":[]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);

        Assert.Null(pod["spec"]!["priority"]);
        Assert.Null(pod["spec"]!["preemptionPolicy"]);
    }

    [Fact]
    public void TheApiserversTolerationSecondsAreWhatPodsGet()
    {
        var pod = JsonAssert.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        ObjectDefaulter.Apply(ResourceTypes.Pod, pod, new DefaultTolerationSeconds { NotReady = 30, Unreachable = 17 });
        Assert.Equal(
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":30},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":17}]""",
            pod["spec"]!["tolerations"]!.ToJsonString());
    }
}
