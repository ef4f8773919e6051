using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Isolation;

/// <summary>Each pod's /tmp and /var/tmp are its own, under a real agent with real kubectl.</summary>
public sealed class PodTemporaryDirectoryTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task PodsHaveTheirOwnTmpSharedByTheirContainersKeptAcrossRestartsAndGoneWithThePod()
    {
        var ns = await agent.NamespaceAsync();
        if (!agent.Agent.Capabilities!.IsolatesPods)
        {
            // No mount namespace: the pods share the machine's /tmp, and the node says why.
            // Events are written in the background: give the recorder a moment.
            for (var i = 0; i < 50; i++)
            {
                var events = await agent.Client.ListAsync(ResourceTypes.Event, "default");
                if (events.Items.Any(e => e.StringAt("reason") == "NamespacesUnavailable" && e.StringAt("involvedObject", "name") == agent.NodeName)) return;
                await Task.Delay(100);
            }
            Assert.Fail("no NamespacesUnavailable event about the node");
        }
        var name = $"f-{Guid.NewGuid():N}.txt";
        // The app container ends (exit 1, restarted by policy) when /tmp/stop appears; an emptyDir is mounted under /tmp.
        const string spec = """
            {"metadata":{"name":"%NAME%"},"spec":{"terminationGracePeriodSeconds":1,
              "volumes":[{"name":"scratch","emptyDir":{}}],
              "initContainers":[{"name":"init","command":["sh","-c","echo from-init > /tmp/init && echo in-volume > /tmp/scratch/v"],"volumeMounts":[{"name":"scratch","mountPath":"/tmp/scratch"}]}],
              "containers":[{"name":"main","command":["sh","-c","while [ ! -e /tmp/stop ]; do sleep 0.2; done; rm /tmp/stop; exit 1"],"volumeMounts":[{"name":"scratch","mountPath":"/tmp/scratch"}]}]}}
            """;
        var uidA = ObjectMeta.Uid(await agent.CreatePodAsync(ns, spec.Replace("%NAME%", "a")))!;
        await agent.CreatePodAsync(ns, spec.Replace("%NAME%", "b"));
        await agent.WaitForPodAsync(ns, "a", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.WaitForPodAsync(ns, "b", p => AgentCluster.Phase(p) == "Running", "Running");

        // kubectl cp (an exec of tar) lands in the pod's /tmp, not the machine's.
        var local = Path.Combine(agent.StateDirectory, "upload.txt");
        await File.WriteAllTextAsync(local, "copied\n");
        await agent.Cluster.KubectlOkAsync("cp", local, $"{ns}/a:/tmp/{name}", "-c", "main");
        Assert.Equal("copied\n", await Exec(ns, "a", $"cat /tmp/{name}"));
        Assert.False(File.Exists($"/tmp/{name}"), "kubectl cp wrote the machine's /tmp");
        Assert.True(File.Exists(Path.Combine(agent.StateDirectory, "pods", uidA, "tmp", name)));

        // Init and app containers share it, with the volume under it; the other pod sees none of it.
        Assert.Equal("from-init\nin-volume\n", await Exec(ns, "a", "cat /tmp/init /tmp/scratch/v"));
        var other = await agent.Cluster.KubectlAsync("exec", "b", "-n", ns, "-c", "main", "--", "cat", $"/tmp/{name}");
        Assert.NotEqual(0, other.ExitCode);
        Assert.False(Directory.Exists("/tmp/scratch") && File.Exists("/tmp/scratch/v"), "the volume's mount point was made in the machine's /tmp");
        await Exec(ns, "a", $"echo a > /var/tmp/{name}; echo a > /tmp/same");
        await Exec(ns, "b", $"echo b > /var/tmp/{name}; echo b > /tmp/same");
        Assert.Equal("a\na\n", await Exec(ns, "a", $"cat /var/tmp/{name} /tmp/same"));
        Assert.Equal("b\nb\n", await Exec(ns, "b", $"cat /var/tmp/{name} /tmp/same"));
        Assert.False(File.Exists($"/var/tmp/{name}"), "the pod wrote the machine's /var/tmp");
        // Only the pod's own files: /tmp is writable by all and sticky, as on a machine.
        Assert.Equal("1777", (await Exec(ns, "a", "stat -c %a /tmp")).Trim());

        // A restarted container finds what the last run left.
        await Exec(ns, "a", "touch /tmp/stop");
        await agent.WaitForPodAsync(ns, "a", p => AgentCluster.Status(p, "main")?.LongAt("restartCount") >= 1 && AgentCluster.Status(p, "main")?.At("state", "running") is not null, "a restarted container");
        Assert.Equal("copied\n", await Exec(ns, "a", $"cat /tmp/{name}"));
        // A program the pod put in its own /tmp runs: exec looks for it where the pod sees it.
        await Exec(ns, "a", "printf '#!/bin/sh\\necho ran\\n' > /tmp/run.sh && chmod +x /tmp/run.sh");
        Assert.Equal("ran\n", await agent.Cluster.KubectlOkAsync("exec", "a", "-n", ns, "-c", "main", "--", "/tmp/run.sh"));

        // The agent restarts and adopts the pod, whose /tmp is still its own.
        await agent.RestartAgentAsync();
        var kept = await agent.Cluster.KubectlAsync("exec", "a", "-n", ns, "-c", "main", "--", "cat", $"/tmp/{name}");
        for (var i = 0; i < 50 && kept.StdOut != "copied\n"; i++)
        {
            // Until the restarted agent has registered its port and adopted the container.
            await Task.Delay(200);
            kept = await agent.Cluster.KubectlAsync("exec", "a", "-n", ns, "-c", "main", "--", "cat", $"/tmp/{name}");
        }
        Assert.True(kept.StdOut == "copied\n", $"after the agent's restart: exit {kept.ExitCode}, {kept.StdOut}{kept.StdErr}");

        await agent.Cluster.KubectlOkAsync("delete", "pod", "a", "-n", ns, "--wait=true");
        await agent.WaitForPodGoneAsync(ns, "a");
        // The agent removes the pod's directory right after the pod leaves the API.
        var directory = Path.Combine(agent.StateDirectory, "pods", uidA);
        for (var i = 0; i < 100 && Directory.Exists(directory); i++) await Task.Delay(100);
        Assert.False(Directory.Exists(directory), "the pod's /tmp outlived it");
    }

    private async Task<string> Exec(string ns, string pod, string script) =>
        await agent.Cluster.KubectlOkAsync("exec", pod, "-n", ns, "-c", "main", "--", "sh", "-c", script);
}
