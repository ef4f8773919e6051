using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// <c>kubectl attach</c> to a container a restarted agent adopted: on pipes it works as before (the
/// container still holds its stdin FIFO); on a terminal, the master is taken back from the holder the
/// earlier agent run started beside the container, and attach works as before too.
/// </summary>
public sealed class AdoptedContainerAttachTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task AttachToAnAdoptedContainerOnPipesSendsStdinAndBringsItsOutputBack()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"reader"},"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,"containers":[{"name":"main","stdin":true,
              "command":["sh","-c","while read line; do echo got-$line; [ \"$line\" = bye ] && exit 0; done"]}]}}
            """);
        await agent.WaitForPodAsync(ns, "reader", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.RestartAgentAsync();
        await agent.ExecAfterRestartAsync(ns, "reader", "main", "true");

        var attached = await agent.Cluster.KubectlWithInputAsync("hello\nbye\n", "attach", "-i", "-n", ns, "reader");

        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Equal("got-hello\ngot-bye\n", attached.StdOut);
    }

    [Fact]
    public async Task AttachToAnAdoptedContainerOnATerminalWorksThroughTheMasterTakenBackFromItsHolder()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"tty"},"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,"containers":[{"name":"main","stdin":true,"tty":true,"command":["sh"]}]}}
            """);
        await agent.WaitForPodAsync(ns, "tty", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.RestartAgentAsync();
        await agent.ExecAfterRestartAsync(ns, "tty", "main", "true");

        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "attach", "-it", "-n", ns, "tty");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync("echo adopted-$((6*7))\r");
        await kubectl.WaitForAsync("adopted-42");
        await kubectl.TypeAsync("exit\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        await agent.WaitForPodAsync(ns, "tty", p => AgentCluster.Phase(p) is "Succeeded" or "Failed", "finished");
    }
}
