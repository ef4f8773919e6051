using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// <c>kubectl attach</c> to a container a restarted agent adopted: on pipes it works as before (the
/// container still holds its stdin FIFO); on a terminal, whose master the earlier agent run held, it is
/// refused at once with the reason.
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
    public async Task AttachToAnAdoptedContainerOnATerminalIsRefusedWithTheReason()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"tty"},"spec":{"terminationGracePeriodSeconds":1,"containers":[{"name":"main","stdin":true,"tty":true,"command":["sh"]}]}}
            """);
        await agent.WaitForPodAsync(ns, "tty", p => AgentCluster.Phase(p) == "Running", "Running");
        await agent.RestartAgentAsync();
        await agent.ExecAfterRestartAsync(ns, "tty", "main", "true");

        var attached = await agent.Cluster.KubectlWithInputAsync("", "attach", "-i", "-n", ns, "tty");

        Assert.NotEqual(0, attached.ExitCode);
        Assert.Contains("started on a terminal by an earlier run of the node agent", attached.StdErr);
    }
}
