using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.StaticPods;

/// <summary>Static pods from the manifest directory run as real processes and show in the API as mirror pods.</summary>
public sealed class StaticPodTests(StaticPodCluster node) : IClassFixture<StaticPodCluster>
{
    [Fact]
    public async Task StaticPodRunsAndItsMirrorComesBackWhenDeletedThroughTheApi()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        File.WriteAllText(Path.Combine(node.Manifests, $"web-{id}.yaml"), $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-{id}
              labels:
                tier: control-plane
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: main
                image: busybox
                command: ["sh", "-c", "echo static-hello; exec sleep 3600"]
            """);
        var name = $"web-{id}-{node.NodeName}";
        var mirror = await WaitAsync(name, p => AgentCluster.Phase(p) == "Running", "Running");
        var annotations = mirror.At("metadata", "annotations")!;
        var hash = annotations.StringAt("kubernetes.io/config.hash")!;
        Assert.Equal(32, hash.Length);
        Assert.Equal(hash, annotations.StringAt("kubernetes.io/config.mirror"));
        Assert.Equal("file", annotations.StringAt("kubernetes.io/config.source"));
        Assert.NotEqual(hash, ObjectMeta.Uid(mirror));
        var owner = (JsonObject)((JsonArray)mirror.At("metadata", "ownerReferences")!)[0]!;
        var nodeObject = await node.Client.GetAsync(ResourceTypes.Node, null, node.NodeName);
        Assert.Equal(("Node", node.NodeName, ObjectMeta.Uid(nodeObject)), (owner.StringAt("kind"), owner.StringAt("name"), owner.StringAt("uid")));
        Assert.Equal("control-plane", mirror.StringAt("metadata", "labels", "tier"));
        Assert.Equal(node.NodeName, mirror.StringAt("spec", "nodeName"));
        var pid = await PidAsync(hash);
        Assert.True(AgentCluster.Alive(pid));
        Assert.Equal("static-hello\n", await node.Cluster.KubectlOkAsync("logs", name, "-n", "default"));

        await node.Cluster.KubectlOkAsync("delete", "pod", name, "-n", "default", "--wait=false");
        var again = await WaitAsync(name, p => ObjectMeta.Uid(p) != ObjectMeta.Uid(mirror) && ObjectMeta.DeletionTimestamp(p) is null && AgentCluster.Phase(p) == "Running", "recreated and Running");
        Assert.Equal(hash, again.StringAt("metadata", "annotations", "kubernetes.io/config.mirror"));
        Assert.Equal(0, AgentCluster.Status(again, "main")!.LongAt("restartCount"));
        Assert.True(AgentCluster.Alive(pid), "the static pod's process was stopped when its mirror was deleted");
        Assert.Equal(pid, await PidAsync(hash));
    }

    [Fact]
    public async Task EditingTheManifestRestartsThePodWithItsNewSpec()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var outFile = Path.Combine(node.StateDirectory, $"out-{id}");
        var manifest = Path.Combine(node.Manifests, $"app-{id}.json");
        string Json(int version) => $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app-{{{id}}}"},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main","image":"busybox",
              "env":[{"name":"VERSION","value":"{{{version}}}"}],"command":["sh","-c","echo $VERSION > {{{outFile}}}; exec sleep 3600"]}]}}
            """;
        File.WriteAllText(manifest, Json(1));
        var name = $"app-{id}-{node.NodeName}";
        var first = await WaitAsync(name, p => AgentCluster.Phase(p) == "Running", "Running");
        await WaitForFileAsync(outFile, "1\n");
        var oldPid = await PidAsync(first.StringAt("metadata", "annotations", "kubernetes.io/config.hash")!);

        File.WriteAllText(manifest, Json(2));
        var oldHash = first.StringAt("metadata", "annotations", "kubernetes.io/config.mirror");
        var second = await WaitAsync(name, p => p.StringAt("metadata", "annotations", "kubernetes.io/config.mirror") != oldHash && AgentCluster.Phase(p) == "Running", "the new spec Running");
        Assert.Equal("2", ((JsonArray)second.At("spec", "containers")!)[0]!["env"]![0]!.StringAt("value"));
        await WaitForFileAsync(outFile, "2\n");
        await WaitForExitAsync(oldPid);
        Assert.True(AgentCluster.Alive(await PidAsync(second.StringAt("metadata", "annotations", "kubernetes.io/config.hash")!)));
    }

    [Fact]
    public async Task RemovingTheManifestStopsThePodAndDeletesItsMirror()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var manifest = Path.Combine(node.Manifests, $"gone-{id}.yml");
        File.WriteAllText(manifest, $"""
            metadata: {"{"}name: gone-{id}{"}"}
            spec:
              terminationGracePeriodSeconds: 1
              containers: [{"{"}name: main, image: busybox, command: ["sh", "-c", "exec sleep 3600"]{"}"}]
            """);
        var name = $"gone-{id}-{node.NodeName}";
        var mirror = await WaitAsync(name, p => AgentCluster.Phase(p) == "Running", "Running");
        var pid = await PidAsync(mirror.StringAt("metadata", "annotations", "kubernetes.io/config.hash")!);

        File.Delete(manifest);
        await WaitForExitAsync(pid);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && await node.Client.TryGetAsync(ResourceTypes.Pod, "default", name) is not null) await Task.Delay(100);
        Assert.Null(await node.Client.TryGetAsync(ResourceTypes.Pod, "default", name));
    }

    [Fact]
    public async Task RestartedAgentAdoptsTheStaticPodWithoutRestartingIt()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        File.WriteAllText(Path.Combine(node.Manifests, $"kept-{id}.yaml"), $"""
            metadata: {"{"}name: kept-{id}{"}"}
            spec:
              terminationGracePeriodSeconds: 1
              containers: [{"{"}name: main, image: busybox, command: [sleep, "3600"]{"}"}]
            """);
        var name = $"kept-{id}-{node.NodeName}";
        var mirror = await WaitAsync(name, p => AgentCluster.Phase(p) == "Running", "Running");
        var hash = mirror.StringAt("metadata", "annotations", "kubernetes.io/config.hash")!;
        var pid = await PidAsync(hash);

        await node.RestartAgentAsync();
        await Task.Delay(2000);
        var after = await WaitAsync(name, p => AgentCluster.Phase(p) == "Running", "Running");
        Assert.Equal(ObjectMeta.Uid(mirror), ObjectMeta.Uid(after));
        Assert.Equal(0, AgentCluster.Status(after, "main")!.LongAt("restartCount"));
        Assert.Equal(pid, await PidAsync(hash));
        Assert.True(AgentCluster.Alive(pid));
    }

    private async Task<JsonObject> WaitAsync(string name, Func<JsonObject, bool> condition, string what)
    {
        JsonObject? pod = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            pod = await node.Client.TryGetAsync(ResourceTypes.Pod, "default", name);
            if (pod is not null && condition(pod)) return pod;
            await Task.Delay(100);
        }
        Assert.Fail($"mirror pod {name} never got {what}; last: {pod?.ToJsonString()}");
        return null!;
    }

    /// <summary>The host PID of the static pod's container, from the agent's record (the pod has a PID namespace of its own).</summary>
    private async Task<int> PidAsync(string uid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (ContainerRecords.Read(Path.Combine(node.StateDirectory, "pods", uid, "main")) is { } record) return record.Pid;
            await Task.Delay(100);
        }
        Assert.Fail($"static pod {uid} has no container record");
        return 0;
    }

    internal static async Task WaitForFileAsync(string file, string content)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(file) && File.ReadAllText(file) == content) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{file} never held {content.Trim()}; it holds {(File.Exists(file) ? File.ReadAllText(file) : "nothing")}");
    }

    internal static async Task WaitForExitAsync(int pid)
    {
        for (var i = 0; i < 200 && AgentCluster.Alive(pid); i++) await Task.Delay(100);
        Assert.False(AgentCluster.Alive(pid), $"process {pid} is still running");
    }
}
