using Obs.Api.Objects;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// A real agent that restarts and adopts its pods: a container it starts in such a pod afterwards (a
/// restart by policy, a <c>kubectl debug</c> ephemeral container) runs in the pod's sandbox as the
/// pod's other containers do, with the same PID, mount and UTS namespaces, /tmp and volumes.
/// </summary>
public sealed class AdoptedPodSandboxTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    /// <summary>What a process sees of its pod, on one line.</summary>
    private const string Report =
        "echo \"pid=$(readlink /proc/self/ns/pid) mnt=$(readlink /proc/self/ns/mnt) host=$(hostname) tmp=$(cat /tmp/marker 2>&1) data=$(cat /data/v 2>&1)\"";

    [Fact]
    public async Task AContainerRestartedAfterTheAgentRestartedIsInThePodsNamespacesWithItsTmpAndVolumes()
    {
        Assert.True(agent.Agent.Capabilities!.IsolatesPods, agent.Agent.Capabilities.Namespaces.Reason);
        var ns = await agent.NamespaceAsync();
        // "flappy" reports what it sees, then ends (exit 1, restarted by policy) when /tmp/stop appears.
        const string pod = """
            {"metadata":{"name":"pair"},"spec":{"terminationGracePeriodSeconds":1,"volumes":[{"name":"scratch","emptyDir":{}}],
              "containers":[
                {"name":"steady","command":["sleep","3600"],"volumeMounts":[{"name":"scratch","mountPath":"/data"}]},
                {"name":"flappy","command":["sh","-c",%SCRIPT%],"volumeMounts":[{"name":"scratch","mountPath":"/data"}]}]}}
            """;
        await agent.CreatePodAsync(ns, pod.Replace("%SCRIPT%", System.Text.Json.JsonSerializer.Serialize(Report + "; while [ ! -e /tmp/stop ]; do sleep 0.2; done; rm /tmp/stop; exit 1")));
        await agent.WaitForPodAsync(ns, "pair", p => AgentCluster.Phase(p) == "Running", "Running");
        var seen = await agent.Cluster.KubectlOkAsync("exec", "pair", "-n", ns, "-c", "steady", "--", "sh", "-c", "echo kept > /tmp/marker; echo shared > /data/v; " + Report);
        Assert.Contains(" host=pair tmp=kept data=shared", seen);

        await agent.RestartAgentAsync();
        // Until the restarted agent has registered its port and adopted the pod, the exec fails.
        await agent.ExecAfterRestartAsync(ns, "pair", "flappy", "touch /tmp/stop");
        var restartedPod = await agent.WaitForPodAsync(ns, "pair", p => AgentCluster.Status(p, "flappy")?.LongAt("restartCount") >= 1
            && AgentCluster.Status(p, "flappy")?.At("state", "running") is not null, "flappy restarted by the restarted agent", seconds: 60);

        var restarted = await LogLineAsync(ns, "pair", "flappy");
        Assert.Equal(seen, restarted);
        Assert.Equal(0, AgentCluster.Status(restartedPod, "steady")!.LongAt("restartCount"));
    }

    [Fact]
    public async Task AnEphemeralContainerAddedAfterTheAgentRestartedIsInThePodsNamespaces()
    {
        Assert.True(agent.Agent.Capabilities!.IsolatesPods, agent.Agent.Capabilities.Namespaces.Reason);
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"target"},"spec":{"terminationGracePeriodSeconds":1,"volumes":[{"name":"scratch","emptyDir":{}}],
              "containers":[{"name":"app","command":["sleep","3603"],"volumeMounts":[{"name":"scratch","mountPath":"/data"}]}]}}
            """);
        await agent.WaitForPodAsync(ns, "target", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.Cluster.KubectlOkAsync("exec", "target", "-n", ns, "-c", "app", "--", "sh", "-c", "echo kept > /tmp/marker; echo shared > /data/v");

        await agent.RestartAgentAsync();
        var seen = await agent.ExecAfterRestartAsync(ns, "target", "app", Report);
        // An ephemeral container has no volume mounts of its own here: it sees /data only through the target's namespace.
        var debug = await agent.Cluster.KubectlAsync("debug", "-n", ns, "target", "--target=app", "-c", "dbg", "--image=busybox", "--",
            "sh", "-c", Report + "; cat /proc/[0-9]*/cmdline | tr '\\0' ' ' | grep -q 'sleep 360[3]' && echo saw-target; exec sleep 3600");
        Assert.True(debug.ExitCode == 0, debug.ToString());
        await agent.WaitForPodAsync(ns, "target", p => AgentCluster.Status(p, "dbg", "ephemeralContainerStatuses")?.At("state", "running") is not null, "dbg running");

        var logs = await agent.Cluster.KubectlOkAsync("logs", "-n", ns, "target", "-c", "dbg");
        for (var i = 0; i < 50 && !logs.Contains('\n'); i++)
        {
            await Task.Delay(100);
            logs = await agent.Cluster.KubectlOkAsync("logs", "-n", ns, "target", "-c", "dbg");
        }
        Assert.StartsWith(seen, logs);
        Assert.Contains("saw-target\n", logs);
    }

    /// <summary>The current run's first line of output, once written.</summary>
    private async Task<string> LogLineAsync(string ns, string pod, string container)
    {
        var logs = "";
        for (var i = 0; i < 100 && !logs.Contains('\n'); i++)
        {
            logs = await agent.Cluster.KubectlOkAsync("logs", pod, "-n", ns, "-c", container);
            if (!logs.Contains('\n')) await Task.Delay(100);
        }
        return logs;
    }
}
