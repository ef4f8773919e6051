using Obs.Api.Defaults;

namespace Obs.Api.Tests.Defaults;

public sealed class PodTemplateNormalizerTests
{
    private const string Applied = """
        {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}
        """;

    // What `kubectl rollout undo` sends back: the ReplicaSet's stored template, with Go's zero values.
    private const string FromUndo = """
        {"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
         "spec":{"containers":[{"image":"nginx:1.26","imagePullPolicy":"IfNotPresent","name":"nginx","resources":{},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                 "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
                 "securityContext":{},"terminationGracePeriodSeconds":30}}
        """;

    [Fact]
    public void UndoTemplateNormalizesLikeTheOriginal()
    {
        Assert.True(PodTemplateNormalizer.AreEquivalent(JsonAssert.Parse(Applied), JsonAssert.Parse(FromUndo)));
    }

    [Fact]
    public void NormalizeDropsNullsAndEmptiesAfterDefaulting()
    {
        var normalized = PodTemplateNormalizer.Normalize(JsonAssert.Parse(FromUndo));

        JsonAssert.Equal("""
            {"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"image":"nginx:1.26","imagePullPolicy":"IfNotPresent","name":"nginx",
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                     "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
                     "terminationGracePeriodSeconds":30}}
            """, normalized);
    }

    [Fact]
    public void NormalizeLeavesTheInputAlone()
    {
        var template = JsonAssert.Parse(FromUndo);

        PodTemplateNormalizer.Normalize(template);

        JsonAssert.Equal(FromUndo, template);
    }

    [Fact]
    public void ReplicaSetTemplateWithItsHashLabelIsEquivalent()
    {
        var fromReplicaSet = JsonAssert.Parse(FromUndo.Replace("\"app\":\"web\"", "\"app\":\"web\",\"pod-template-hash\":\"765dc9dcdf\""));

        Assert.True(PodTemplateNormalizer.AreEquivalent(JsonAssert.Parse(Applied), fromReplicaSet));
    }

    [Fact]
    public void DifferentImagesAreNotEquivalent()
    {
        var other = JsonAssert.Parse(Applied.Replace("nginx:1.26", "nginx:1.27"));

        Assert.False(PodTemplateNormalizer.AreEquivalent(JsonAssert.Parse(Applied), other));
    }
}
