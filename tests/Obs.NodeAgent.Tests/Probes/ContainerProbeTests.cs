using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class ContainerProbeTests
{
    [Fact]
    public async Task ExecProbeRunsInsideTheContainerWithATimeout()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("probed");
        var process = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
        var target = new ContainerProbeTarget(process, "127.0.0.1", []);

        // Inside the pod the hostname is the pod's name.
        var healthy = await HandlerRunner.RunAsync(new ExecHandler(["/bin/sh", "-c", "test \"$(cat /proc/sys/kernel/hostname)\" = probed"]), target, TimeSpan.FromSeconds(5));
        var unhealthy = await HandlerRunner.RunAsync(new ExecHandler(["/bin/sh", "-c", "echo nope; exit 2"]), target, TimeSpan.FromSeconds(5));
        var slow = await HandlerRunner.RunAsync(new ExecHandler(["sleep", "10"]), target, TimeSpan.FromMilliseconds(300));

        Assert.Equal(ProbeOutcome.Success, healthy);
        Assert.Equal(ProbeOutcome.Failure("command failed with exit code 2: nope"), unhealthy);
        Assert.Equal(ProbeOutcome.Failure("command timed out after 0.3s"), slow);
    }
}
