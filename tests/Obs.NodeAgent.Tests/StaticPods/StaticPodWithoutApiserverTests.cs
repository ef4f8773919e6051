using Microsoft.Extensions.Logging.Abstractions;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.StaticPods;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Tests.Pods;

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
        using var client = OfflineContext.UnreachableClient();
        var runtimeOptions = new RuntimeOptions { StateDirectory = state };
        var pods = new PodWorkers(OfflineContext.Create(client, ProcessContainerRuntime.Create(runtimeOptions), runtimeOptions, "offline"));
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
            // The container may write its file before the worker has written its run record: wait for that too.
            ContainerRecords.Run? record = null;
            for (var i = 0; i < 100 && (record = ContainerRecords.Read(Path.Combine(state, "pods", uid, "main"))) is null; i++) await Task.Delay(50);
            var pid = Assert.IsType<ContainerRecords.Run>(record).Pid;
            Assert.True(AgentCluster.Alive(pid));

            File.Delete(Path.Combine(manifests, "job.yaml"));
            await runner.SyncAsync(CancellationToken.None);
            Assert.Empty(runner.Running);
            await StaticPodTests.WaitForExitAsync(pid);
        }
        finally
        {
            // What a failed assertion left running is stopped (abandoning would leave the pod's processes behind the test).
            await pods.ShutdownAsync(TimeSpan.FromSeconds(1));
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        }
    }
}
