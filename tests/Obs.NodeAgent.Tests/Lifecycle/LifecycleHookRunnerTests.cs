using System.Text.Json.Nodes;
using Obs.NodeAgent.Lifecycle;
using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Tests.Probes;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Lifecycle;

public sealed class LifecycleHookRunnerTests
{
    private static JsonObject Container(string lifecycle) =>
        JsonNode.Parse("""{"name":"app","lifecycle":""" + lifecycle + "}")!.AsObject();

    [Fact]
    public async Task PostStartExecRunsInTheContainer()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var marker = Path.Combine(test.StateDirectory, "started");
        var process = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
        var hook = LifecycleHookRunner.Hook(Container("""{"postStart":{"exec":{"command":["/bin/sh","-c","echo $GREETING > """ + marker + "\"]}}}"), "postStart")!;

        var outcome = await LifecycleHookRunner.RunAsync(hook, new ContainerProbeTarget(process, "127.0.0.1", []), TimeSpan.FromSeconds(10));

        Assert.Equal(ProbeOutcome.Success, outcome);
        Assert.Equal("hello\n", File.ReadAllText(marker));
    }

    [Fact]
    public async Task PostStartHttpGetReachesTheServer()
    {
        using var server = new TinyHttpServer();
        var hook = LifecycleHookRunner.Hook(Container("""{"postStart":{"httpGet":{"path":"/started","port":""" + server.Port + "}}}"), "postStart")!;

        var outcome = await LifecycleHookRunner.RunAsync(hook, new FakeTarget(TimeProvider.System, 0), TimeSpan.FromSeconds(5));

        Assert.Equal(ProbeOutcome.Success, outcome);
        Assert.StartsWith("GET /started HTTP/1.1", Assert.Single(server.Requests));
    }

    [Fact]
    public void MissingHookIsNull()
    {
        Assert.Null(LifecycleHookRunner.Hook(Container("""{"postStart":{"exec":{"command":["true"]}}}"""), "preStop"));
        Assert.Null(LifecycleHookRunner.Hook(JsonNode.Parse("""{"name":"a"}""")!.AsObject(), "preStop"));
    }

    [Fact]
    public async Task PreStopRunsBeforeSigterm()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c",
            "trap 'echo term; exit 0' TERM; echo up; while true; do sleep 0.1; done"]);
        await ProcessContainerRuntimeTests.WaitForLine(process, "Stdout:up");
        // The hook writes to the container's own stdout through /proc/PID/fd/1.
        var preStop = LifecycleHookRunner.Hook(Container("""{"preStop":{"exec":{"command":["/bin/sh","-c","echo prestop > /proc/""" + process.Pid + "/fd/1\"]}}}"), "preStop");

        var (terminated, outcome) = await TestRuntime.Within(LifecycleHookRunner.StopAsync(
            process, preStop, new ContainerProbeTarget(process, "127.0.0.1", []), TimeSpan.FromSeconds(10), TimeProvider.System));

        Assert.Equal(ProbeOutcome.Success, outcome);
        Assert.Equal("Completed", terminated.Reason);
        var lines = new List<string>();
        await foreach (var line in process.ReadLogsAsync(new()))
        {
            lines.Add(line.Text);
        }
        Assert.Equal(["up", "prestop", "term"], lines);
    }
}
