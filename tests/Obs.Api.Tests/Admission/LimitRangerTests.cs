using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Admission;

public class LimitRangerTests
{
    private static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>A range as it is stored: defaulted the way the apiserver defaults it.</summary>
    private static JsonObject Range(string limits)
    {
        var range = Obj($$$"""{"metadata":{"name":"limits","namespace":"d"},"spec":{"limits":{{{limits}}}}}""");
        ObjectDefaulter.Apply(ResourceTypes.LimitRange, range);
        return range;
    }

    /// <summary>A pod as admission sees it: defaulted first, so requests already follow from limits.</summary>
    private static JsonObject Pod(string containers, string initContainers = "[]")
    {
        var pod = Obj($$$"""{"metadata":{"name":"web","namespace":"d"},"spec":{"initContainers":{{{initContainers}}},"containers":{{{containers}}}}}""");
        ObjectDefaulter.Apply(ResourceTypes.Pod, pod);
        return pod;
    }

    [Fact]
    public void ContainersGetTheDefaultsTheyLackAndTheAnnotationSaysWhich()
    {
        var pod = Pod("""[{"name":"app","image":"i"},{"name":"side","image":"i","resources":{"limits":{"memory":"64Mi"}}}]""");

        Assert.Null(LimitRanger.AdmitPod(pod, [Range("""[{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m"}}]""")]));

        Assert.Equal("""{"requests":{"cpu":"100m","memory":"256Mi"},"limits":{"cpu":"500m","memory":"256Mi"}}""", pod.At("spec", "containers")![0]!["resources"]!.ToJsonString());
        Assert.Equal("""{"limits":{"memory":"64Mi","cpu":"500m"},"requests":{"memory":"64Mi","cpu":"100m"}}""", pod.At("spec", "containers")![1]!["resources"]!.ToJsonString());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; cpu request for container side; cpu limit for container side",
            pod.StringAt("metadata", "annotations", LimitRanger.Annotation));
        Assert.Equal("Burstable", pod.StringAt("status", "qosClass"));
    }

    [Fact]
    public void MaxIsTheDefaultLimitAndMinTheDefaultRequest()
    {
        var pod = Pod("""[{"name":"app","image":"i"}]""");

        Assert.Null(LimitRanger.AdmitPod(pod, [Range("""[{"type":"Container","max":{"cpu":"2"},"min":{"memory":"32Mi"}}]""")]));

        Assert.Equal("""{"requests":{"cpu":"2","memory":"32Mi"},"limits":{"cpu":"2"}}""", pod.At("spec", "containers")![0]!["resources"]!.ToJsonString());
    }

    [Fact]
    public void AContainerOverMaxOrUnderMinIsRefusedWithEveryReason()
    {
        var range = Range("""[{"type":"Container","max":{"cpu":"1"},"min":{"memory":"64Mi"}}]""");
        var pod = Pod("""[{"name":"app","image":"i","resources":{"limits":{"cpu":"2","memory":"32Mi"}}}]""");

        Assert.Equal("[minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 1, but limit is 2]",
            LimitRanger.AdmitPod(pod, [range]));
    }

    [Fact]
    public void OneReasonIsGivenAlone()
    {
        var pod = Pod("""[{"name":"app","image":"i","resources":{"limits":{"cpu":"2"}}}]""");
        Assert.Equal("maximum cpu usage per Container is 1, but limit is 2", LimitRanger.AdmitPod(pod, [Range("""[{"type":"Container","max":{"cpu":"1"}}]""")]));
    }

    [Fact]
    public void TheLimitToRequestRatioIsBounded()
    {
        var pod = Pod("""[{"name":"app","image":"i","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"1"}}}]""");
        Assert.Equal("cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000",
            LimitRanger.AdmitPod(pod, [Range("""[{"type":"Container","maxLimitRequestRatio":{"cpu":"4"}}]""")]));
    }

    [Fact]
    public void APodsTotalIsTheSumOfItsContainersOrItsLargestInitContainer()
    {
        var range = Range("""[{"type":"Pod","max":{"memory":"1Gi"}}]""");
        var fits = Pod("""[{"name":"a","image":"i","resources":{"limits":{"memory":"512Mi"}}},{"name":"b","image":"i","resources":{"limits":{"memory":"512Mi"}}}]""");
        var tooMuch = Pod("""[{"name":"a","image":"i","resources":{"limits":{"memory":"512Mi"}}}]""", """[{"name":"init","image":"i","resources":{"limits":{"memory":"2Gi"}}}]""");
        var unbounded = Pod("""[{"name":"a","image":"i"}]""");

        Assert.Null(LimitRanger.AdmitPod(fits, [range]));
        Assert.Equal("maximum memory usage per Pod is 1Gi, but limit is 2Gi", LimitRanger.AdmitPod(tooMuch, [range]));
        Assert.Equal("maximum memory usage per Pod is 1Gi.  No limit is specified", LimitRanger.AdmitPod(unbounded, [range]));
    }

    [Fact]
    public void APodsTotalCountsItsSidecarsBesideItsContainersAndBesideTheInitContainersAfterThem()
    {
        // As Kubernetes' LimitRanger adds it up: a sidecar (restartable init container) keeps running, so it
        // counts with the app containers (100m + 100m) and with each init container that starts after it.
        var range = Range("""[{"type":"Pod","max":{"cpu":"250m"}}]""");
        var withSidecar = Pod("""[{"name":"a","image":"i","resources":{"limits":{"cpu":"100m"}}}]""",
            """[{"name":"proxy","image":"i","restartPolicy":"Always","resources":{"limits":{"cpu":"100m"}}}]""");
        var initAfterSidecar = Pod("""[{"name":"a","image":"i","resources":{"limits":{"cpu":"100m"}}}]""",
            """[{"name":"proxy","image":"i","restartPolicy":"Always","resources":{"limits":{"cpu":"100m"}}},{"name":"init","image":"i","resources":{"limits":{"cpu":"200m"}}}]""");

        Assert.Null(LimitRanger.AdmitPod(withSidecar, [range]));
        Assert.Equal("maximum cpu usage per Pod is 150m, but limit is 200m", LimitRanger.AdmitPod(withSidecar, [Range("""[{"type":"Pod","max":{"cpu":"150m"}}]""")]));
        Assert.Equal("maximum cpu usage per Pod is 250m, but limit is 300m", LimitRanger.AdmitPod(initAfterSidecar, [range]));
    }

    [Fact]
    public void APodsOverheadIsNotPartOfItsTotal()
    {
        // Kubernetes' LimitRanger sums the containers only; quota and scheduling add the overhead, it does not.
        var pod = Pod("""[{"name":"a","image":"i","resources":{"limits":{"cpu":"100m"}}}]""");
        pod["spec"]!["overhead"] = new JsonObject { ["cpu"] = "500m" };

        Assert.Null(LimitRanger.AdmitPod(pod, [Range("""[{"type":"Pod","max":{"cpu":"100m"}}]""")]));
    }

    [Fact]
    public void AClaimsStorageRequestIsBounded()
    {
        var range = Range("""[{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"10Gi"}}]""");
        JsonObject Claim(string size) => Obj("""{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"SIZE"}}}}""".Replace("SIZE", size));

        Assert.Null(LimitRanger.AdmitClaim(Claim("5Gi"), [range]));
        Assert.Equal("maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi", LimitRanger.AdmitClaim(Claim("20Gi"), [range]));
        Assert.Equal("minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi", LimitRanger.AdmitClaim(Claim("500Mi"), [range]));
    }
}
