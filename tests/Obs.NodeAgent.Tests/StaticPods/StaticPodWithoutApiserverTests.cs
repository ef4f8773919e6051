using Microsoft.Extensions.Logging.Abstractions;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.StaticPods;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Volumes;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.StaticPods;

/// <summary>Static pods are the agent's own: they start, and stop, with no apiserver to be reached.</summary>
public sealed class StaticPodWithoutApiserverTests
{
    [Fact]
    public async Task StaticPodRunsAndStopsWhileTheApiserverIsUnreachable()
    {
        var state = Directory.CreateTempSubdirectory("obs-static-offline-").FullName;
        var manifests = Path.Combine(state, "manifests");
        Directory.CreateDirectory(manifests);
        var marker = Path.Combine(state, "ran");
        // Nothing listens on this port: every API call fails at once.
        using var client = new ApiClient(ClusterConnection.Explicit($"https://127.0.0.1:{FreePort.Next()}", null, "token"));
        var runtimeOptions = new RuntimeOptions { StateDirectory = state };
        var context = new PodWorkerContext(client, ProcessContainerRuntime.Create(runtimeOptions), runtimeOptions, "offline", "127.0.0.1", state,
            new EnvironmentResolver(client, "127.0.0.1", 1000, 1L << 30), new PodVolumes(client, state, "127.0.0.1"),
            RestartBackoff.Default, TimeProvider.System, NullLogger.Instance);
        var pods = new PodWorkers(context);
        var runner = new StaticPodRunner(pods, client, "offline", manifests, TimeSpan.FromSeconds(20), TimeProvider.System, NullLogger.Instance);
        try
        {
            File.WriteAllText(Path.Combine(manifests, "job.yaml"), $$"""
                metadata: {name: job}
                spec:
                  containers:
                  - {name: main, image: busybox, command: ["sh", "-c", "echo ran > {{marker}}; exec sleep 3600"]}
                """);
            Assert.False(await runner.SyncAsync(CancellationToken.None));
            Assert.Equal(["job-offline"], runner.Running.Select(p => p.Name));
            await StaticPodTests.WaitForFileAsync(marker, "ran\n");
            var uid = runner.Running.Single().Hash;
            var pid = ContainerRecords.Read(Path.Combine(state, "pods", uid, "main"))!.Pid;
            Assert.True(AgentCluster.Alive(pid));

            File.Delete(Path.Combine(manifests, "job.yaml"));
            await runner.SyncAsync(CancellationToken.None);
            Assert.Empty(runner.Running);
            await StaticPodTests.WaitForExitAsync(pid);
        }
        finally
        {
            await pods.AbandonAsync();
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        }
    }
}
