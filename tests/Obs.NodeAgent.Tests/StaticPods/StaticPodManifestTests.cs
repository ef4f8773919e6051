using Obs.Api.Objects;
using Obs.NodeAgent.StaticPods;

namespace Obs.NodeAgent.Tests.StaticPods;

public sealed class StaticPodManifestTests
{
    private const string Yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          priorityClassName: system-node-critical
          containers:
          - name: etcd
            image: etcd
            command: ["etcd"]
        """;

    [Fact]
    public void ManifestBecomesAPodOfThisNodeNamedAfterIt()
    {
        var pod = StaticPodManifest.Parse(Yaml, "/etc/manifests/etcd.yaml", "node-a");
        Assert.Equal("etcd-node-a", ObjectMeta.Name(pod.Pod));
        Assert.Equal("kube-system", ObjectMeta.Namespace(pod.Pod));
        Assert.Equal("node-a", pod.Pod.StringAt("spec", "nodeName"));
        Assert.Equal(pod.Hash, ObjectMeta.Uid(pod.Pod));
        Assert.Equal(pod.Hash, pod.Pod.StringAt("metadata", "annotations", "kubernetes.io/config.hash"));
        Assert.Equal("file", pod.Pod.StringAt("metadata", "annotations", "kubernetes.io/config.source"));
        Assert.Equal(false, pod.Pod.BoolAt("spec", "enableServiceLinks"));
        Assert.Equal(2000001000, pod.Pod.LongAt("spec", "priority"));
        Assert.Equal("Always", pod.Pod.StringAt("spec", "restartPolicy"));
        Assert.True(StaticPodAnnotations.IsStaticOrMirror(pod.Pod));
        Assert.False(StaticPodAnnotations.IsMirror(pod.Pod));
    }

    [Fact]
    public void HashIsStableForTheSameFileAndChangesWithItsContentNodeOrPath()
    {
        var hash = StaticPodManifest.Parse(Yaml, "/m/etcd.yaml", "node-a").Hash;
        Assert.Equal(hash, StaticPodManifest.Parse(Yaml, "/m/etcd.yaml", "node-a").Hash);
        Assert.NotEqual(hash, StaticPodManifest.Parse(Yaml.Replace("[\"etcd\"]", "[\"etcd\", \"--debug\"]"), "/m/etcd.yaml", "node-a").Hash);
        Assert.NotEqual(hash, StaticPodManifest.Parse(Yaml, "/m/etcd.yaml", "node-b").Hash);
        Assert.NotEqual(hash, StaticPodManifest.Parse(Yaml, "/m/other.yaml", "node-a").Hash);
    }

    [Fact]
    public void JsonManifestWithoutNamespaceGoesToDefault()
    {
        var pod = StaticPodManifest.Parse("""{"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"x"}]}}""", "/m/web.json", "n");
        Assert.Equal("default", ObjectMeta.Namespace(pod.Pod));
        Assert.Equal("web-n", pod.Name);
    }

    [Fact]
    public void MirrorCarriesTheHashAndIsOwnedByTheNode()
    {
        var pod = StaticPodManifest.Parse(Yaml, "/m/etcd.yaml", "node-a");
        var mirror = StaticPodManifest.Mirror(pod, "node-a", "node-uid");
        Assert.Null(ObjectMeta.Uid(mirror));
        Assert.Equal(pod.Hash, mirror.StringAt("metadata", "annotations", "kubernetes.io/config.mirror"));
        Assert.Equal("""[{"apiVersion":"v1","kind":"Node","name":"node-a","uid":"node-uid","controller":true}]""", mirror.At("metadata", "ownerReferences")!.ToJsonString());
        Assert.True(StaticPodAnnotations.IsMirror(mirror));
        Assert.Null(pod.Pod.StringAt("metadata", "annotations", "kubernetes.io/config.mirror"));
    }

    [Theory]
    [InlineData("kind: Deployment\nmetadata: {name: x}\nspec: {containers: [{name: c}]}", "kind is \"Deployment\": a static pod manifest holds one Pod")]
    [InlineData("metadata: {}\nspec: {containers: [{name: c}]}", "metadata.name: Required value")]
    [InlineData("metadata: {name: x}\nspec: {}", "spec.containers: Required value")]
    public void BadManifestsAreRejectedWithTheReason(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => StaticPodManifest.Parse(text, "/m/x", "n")).Message);
    }

    [Fact]
    public void DirectorySkipsHiddenAndBrokenFilesAndKeepsTheRest()
    {
        var dir = Directory.CreateTempSubdirectory("obs-manifests-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "good.yaml"), Yaml);
            File.WriteAllText(Path.Combine(dir, ".swap"), "not: [a pod");
            File.WriteAllText(Path.Combine(dir, "broken.yaml"), "metadata: {name: x}\nspec: {}");
            var (pods, errors) = StaticPodDirectory.Read(dir, "n");
            Assert.Equal(["etcd-n"], pods.Select(p => p.Name));
            Assert.Equal([$"{Path.Combine(dir, "broken.yaml")}: spec.containers: Required value"], errors);
            Assert.Empty(StaticPodDirectory.Read(Path.Combine(dir, "missing"), "n").Pods);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
