using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Storage;

namespace Obs.Controllers.Tests.Storage;

/// <summary>
/// A StatefulSet's claim through the whole path, with a real agent: the default local-path class,
/// the scheduler's node choice, a volume provisioned on that node, a directory that outlives the
/// pod, and that directory gone with the volume once the claim is deleted.
/// </summary>
public sealed class LocalPathVolumeTests(LocalPathCluster fixture) : IClassFixture<LocalPathCluster>
{
    private readonly ApiClient _client = fixture.Client;

    private string Manifest(string ns) => $$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: {{ns}}}
        spec:
          serviceName: web
          replicas: 1
          selector: {matchLabels: {app: web} }
          template:
            metadata: {labels: {app: web} }
            spec:
              nodeSelector: {kubernetes.io/hostname: {{fixture.NodeName}}}
              terminationGracePeriodSeconds: 1
              containers:
              - name: web
                image: busybox
                command: [sh, -c, 'echo visit >> "$OBS_VOLUME_DATA/visits"; exec sleep 3600']
                volumeMounts: [{name: data, mountPath: /data}]
              volumes: [{name: data, emptyDir: {} }]
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi} }
        """;

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 60) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(200);
        }
        Assert.Fail($"never saw {what}");
        return null!;
    }

    private async Task<JsonObject> RunningPodAsync(string ns, string? notUid = null) => await EventuallyAsync(async () =>
    {
        var pod = await _client.TryGetAsync(ResourceTypes.Pod, ns, "web-0");
        return pod is not null && ObjectMeta.Uid(pod) != notUid && pod.StringAt("status", "phase") == "Running" && ObjectMeta.DeletionTimestamp(pod) is null ? pod : null;
    }, "web-0 running");

    [Fact]
    public async Task AStatefulSetsClaimGetsADirectoryOnItsNodeThatOutlivesThePodAndGoesWithTheClaim()
    {
        var ns = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        Assert.Equal(0, (await fixture.Cluster.KubectlAsync("create", "namespace", ns)).ExitCode);
        var applied = await fixture.Cluster.KubectlWithInputAsync(Manifest(ns), "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var first = await RunningPodAsync(ns);
        var claim = (await _client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, "data-web-0"))!;
        Assert.Equal("local-path", claim.StringAt("spec", "storageClassName"));
        Assert.Equal(fixture.NodeName, claim.StringAt("metadata", "annotations", StorageAnnotations.SelectedNode));
        Assert.Equal("Bound", claim.StringAt("status", "phase"));
        var volumeName = claim.StringAt("spec", "volumeName")!;
        var volume = (await _client.TryGetAsync(ResourceTypes.PersistentVolume, null, volumeName))!;
        var path = volume.StringAt("spec", "local", "path")!;
        Assert.Equal(Path.Combine(fixture.StateDirectory, "volumes", volumeName), path);
        Assert.Equal(fixture.NodeName, volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.GetValue<string>());
        Assert.Equal("Bound", volume.StringAt("status", "phase"));
        Assert.Equal("visit\n", await File.ReadAllTextAsync(Path.Combine(path, "visits")));

        var claims = await fixture.Cluster.KubectlAsync("get", "pvc", "-n", ns);
        Assert.Matches($@"data-web-0\s+Bound\s+{volumeName}\s+1Gi\s+RWO\s+local-path\s", claims.StdOut);
        var volumes = await fixture.Cluster.KubectlAsync("get", "pv");
        Assert.Matches($@"{volumeName}\s+1Gi\s+RWO\s+Delete\s+Bound\s+{ns}/data-web-0\s+local-path\s", volumes.StdOut);
        var classes = await fixture.Cluster.KubectlAsync("get", "storageclass");
        Assert.Matches(@"local-path \(default\)\s+obs.dev/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s", classes.StdOut);

        // The replacement pod finds what the first one wrote.
        await _client.DeleteAsync(ResourceTypes.Pod, ns, "web-0", new DeleteOptions());
        await RunningPodAsync(ns, notUid: ObjectMeta.Uid(first));
        await EventuallyAsync(async () => await File.ReadAllTextAsync(Path.Combine(path, "visits")) == "visit\nvisit\n" ? "" : null, "the second visit in the same file", 30);

        // The set goes, its claim stays (Retain by default); deleting the claim takes the volume and its directory.
        Assert.Equal(0, (await fixture.Cluster.KubectlAsync("delete", "statefulset", "web", "-n", ns, "--wait=true")).ExitCode);
        await EventuallyAsync(async () => await _client.TryGetAsync(ResourceTypes.Pod, ns, "web-0") is null ? "" : null, "web-0 gone");
        Assert.True(Directory.Exists(path));
        Assert.Equal(0, (await fixture.Cluster.KubectlAsync("delete", "pvc", "data-web-0", "-n", ns)).ExitCode);
        await EventuallyAsync(async () => await _client.TryGetAsync(ResourceTypes.PersistentVolume, null, volumeName) is null ? "" : null, $"{volumeName} deleted");
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task AClaimWithoutAClassGetsTheDefaultOneAndAnEmptyClassAsksForNone()
    {
        var ns = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        Assert.Equal(0, (await fixture.Cluster.KubectlAsync("create", "namespace", ns)).ExitCode);
        JsonObject Claim(string name, string? storageClass)
        {
            var claim = (JsonObject)JsonNode.Parse($$"""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"{{name}}","namespace":"{{ns}}"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Mi"} } } }
                """)!;
            if (storageClass is not null) claim["spec"]!["storageClassName"] = storageClass;
            return claim;
        }

        var defaulted = await _client.CreateAsync(ResourceTypes.PersistentVolumeClaim, Claim("defaulted", null));
        var none = await _client.CreateAsync(ResourceTypes.PersistentVolumeClaim, Claim("none", ""));

        Assert.Equal("local-path", defaulted.StringAt("spec", "storageClassName"));
        Assert.Equal("", none.StringAt("spec", "storageClassName"));
    }

    [Fact]
    public async Task APodWaitsInContainerCreatingUntilItsClaimIsBoundToAVolumeMadeByHand()
    {
        var ns = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        Assert.Equal(0, (await fixture.Cluster.KubectlAsync("create", "namespace", ns)).ExitCode);
        var manifests = $$"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: manual, namespace: {{ns}}}
            spec:
              storageClassName: ""
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Mi} }
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting, namespace: {{ns}}}
            spec:
              nodeName: {{fixture.NodeName}}
              terminationGracePeriodSeconds: 1
              containers:
              - {name: c, image: busybox, command: [sh, -c, 'echo made-by-hand > "$OBS_VOLUME_DATA/proof"; exec sleep 3600'], volumeMounts: [{name: data, mountPath: /data}]}
              volumes: [{name: data, persistentVolumeClaim: {claimName: manual} }]
            """;
        Assert.Equal(0, (await fixture.Cluster.KubectlWithInputAsync(manifests, "apply", "-f", "-")).ExitCode);

        var waiting = await EventuallyAsync(async () =>
        {
            var pod = await _client.TryGetAsync(ResourceTypes.Pod, ns, "waiting");
            return (pod?.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?.At("state", "waiting") as JsonObject;
        }, "the container waiting");
        Assert.Equal("ContainerCreating", waiting.StringAt("reason"));
        Assert.Equal("persistentvolumeclaim \"manual\" is not bound yet", waiting.StringAt("message"));

        // An administrator's volume on this node, outside the agent's state: it must exist already and is never removed by the agent.
        var directory = Path.Combine(fixture.StateDirectory, "..", $"manual-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var volume = (JsonObject)JsonNode.Parse($$"""
                {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"{{ns}}-manual"},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Delete","storageClassName":"",
                         "local":{"path":"{{Path.GetFullPath(directory)}}"},
                         "nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["{{fixture.NodeName}}"]}]}]} } } }
                """)!;
            await _client.CreateAsync(ResourceTypes.PersistentVolume, volume);

            await EventuallyAsync(async () => (await _client.TryGetAsync(ResourceTypes.Pod, ns, "waiting"))?.StringAt("status", "phase") == "Running" ? "" : null, "the pod running");
            await EventuallyAsync(async () => File.Exists(Path.Combine(directory, "proof")) ? "" : null, "the file in the volume's directory", 10);
            Assert.Equal("Bound", (await _client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, "manual"))!.StringAt("status", "phase"));

            // Deleting pod and claim deletes the volume object (Delete policy), but what is at its path was not the agent's to remove.
            await _client.DeleteAsync(ResourceTypes.Pod, ns, "waiting", new DeleteOptions());
            await EventuallyAsync(async () => await _client.TryGetAsync(ResourceTypes.Pod, ns, "waiting") is null ? "" : null, "the pod gone");
            await _client.DeleteAsync(ResourceTypes.PersistentVolumeClaim, ns, "manual", new DeleteOptions());
            await EventuallyAsync(async () => await _client.TryGetAsync(ResourceTypes.PersistentVolume, null, $"{ns}-manual") is null ? "" : null, "the volume deleted");
            Assert.True(File.Exists(Path.Combine(directory, "proof")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
