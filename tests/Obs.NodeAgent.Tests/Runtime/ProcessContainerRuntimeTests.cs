using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

public sealed class ProcessContainerRuntimeTests
{
    private static async Task<List<string>> Lines(IContainerProcess process, LogReadOptions? options = null)
    {
        var lines = new List<string>();
        await foreach (var line in process.ReadLogsAsync(options ?? new LogReadOptions()))
        {
            lines.Add($"{line.Stream}:{line.Text}");
        }
        return lines;
    }

    [Fact]
    public async Task RunsCommandWithArgsEnvironmentAndCapturesBothStreams()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "echo \"$GREETING $0\"; echo oops >&2; exit 3", "world"]);
        var terminated = await TestRuntime.Within(process.Exited);

        Assert.Equal(3, terminated.ExitCode);
        Assert.Null(terminated.Signal);
        Assert.Equal("Error", terminated.Reason);
        Assert.Same(terminated, process.State);
        var lines = await Lines(process);
        Assert.Equal(2, lines.Count);
        Assert.Contains("Stdout:hello world", lines);
        Assert.Contains("Stderr:oops", lines);
    }

    [Fact]
    public async Task ArgumentsReachTheProgramWithoutAShell()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["echo", "$HOME", "a  b", "*"]);
        var terminated = await TestRuntime.Within(process.Exited);

        Assert.Equal("Completed", terminated.Reason);
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal(["Stdout:$HOME a  b *"], await Lines(process));
    }

    [Fact]
    public async Task SignalDeathIsReportedWithTheSignal()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "kill -KILL $$"]);
        var terminated = await TestRuntime.Within(process.Exited);

        Assert.Equal(137, terminated.ExitCode);
        Assert.Equal(9, terminated.Signal);
        Assert.Equal("Error", terminated.Reason);
        Assert.True(terminated.FinishedAt >= terminated.StartedAt);
    }

    [Fact]
    public async Task WithoutCgroupsContainersRunUnlimited()
    {
        var directory = Directory.CreateTempSubdirectory("obs-runtime-").FullName;
        try
        {
            var capabilities = new RuntimeCapabilities(
                CgroupSupport.Unusable(CgroupVersion.V1, "/obs.slice", "not root"),
                Obs.NodeAgent.Isolation.NamespaceSupport.Disabled("not root"));
            var runtime = new ProcessContainerRuntime(new RuntimeOptions { StateDirectory = directory }, capabilities);
            var sandbox = await runtime.CreateSandboxAsync("uid1", "plain");
            var spec = new ContainerSpec("app", ["/bin/sh", "-c", "echo fine"], [], [], null, new CgroupLimits(100, 1024 * 1024, 4));
            var process = await runtime.StartAsync(sandbox, spec);

            var terminated = await TestRuntime.Within(process.Exited);

            Assert.False(runtime.Capabilities.EnforcesLimits);
            Assert.Null(process.Cgroup);
            Assert.Equal("Completed", terminated.Reason);
            Assert.Equal(["Stdout:fine"], await Lines(process));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task WorkingDirectoryAndStateJson()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var spec = new ContainerSpec("app", ["pwd"], [], [], "/tmp", CgroupLimits.None);
        var process = await test.Runtime.StartAsync(sandbox, spec);
        var terminated = await TestRuntime.Within(process.Exited);

        Assert.Equal(["Stdout:/tmp"], await Lines(process));
        var json = terminated.ToJson()["terminated"]!.AsObject();
        Assert.Equal(0, (int)json["exitCode"]!);
        Assert.Equal("Completed", (string)json["reason"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)json["finishedAt"]!);
        Assert.False(json.ContainsKey("signal"));
    }

    [Fact]
    public async Task MissingExecutableIsAStartError()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var error = await Assert.ThrowsAsync<ContainerStartException>(() => test.StartAsync(sandbox, "app", ["no-such-program-obs"]));
        var state = Assert.IsType<ContainerStateTerminated>(error.State);
        Assert.Equal("StartError", state.Reason);
        Assert.Equal(128, state.ExitCode);
    }

    [Fact]
    public async Task NoCommandWaitsWithCreateContainerConfigError()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var error = await Assert.ThrowsAsync<ContainerStartException>(() => test.StartAsync(sandbox, "app", []));
        var state = Assert.IsType<ContainerStateWaiting>(error.State);
        Assert.Equal("CreateContainerConfigError", state.Reason);
    }

    [Fact]
    public async Task StopSendsSigtermAndATrappingProcessExitsCleanly()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "trap 'echo bye; exit 0' TERM; echo up; while true; do sleep 0.1; done"]);
        await WaitForLine(process, "Stdout:up");

        var terminated = await TestRuntime.Within(process.StopAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
        Assert.Contains("Stdout:bye", await Lines(process));
    }

    [Fact]
    public async Task StopKillsAfterTheGracePeriodWhenSigtermIsIgnored()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "trap '' TERM; echo up; while true; do sleep 0.1; done"]);
        await WaitForLine(process, "Stdout:up");

        var started = DateTime.UtcNow;
        var terminated = await TestRuntime.Within(process.StopAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Equal(9, terminated.Signal);
        Assert.Equal(137, terminated.ExitCode);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(450));
    }

    [Fact]
    public async Task ChildrenDieWithTheContainer()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "sleep 300 & echo $!; wait"]);
        var childLine = await WaitForLine(process, null);
        var child = int.Parse(childLine.Split(':')[1]);
        Assert.True(Directory.Exists($"/proc/{child}"));

        await TestRuntime.Within(process.StopAsync(TimeSpan.FromSeconds(5)));

        await WaitUntil(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z "));
    }

    [Fact]
    public async Task ExecRunsInTheContainerWithItsEnvironmentAndTimesOut()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["sleep", "300"]);

        var ok = await TestRuntime.Within(process.ExecAsync(["/bin/sh", "-c", "echo $GREETING; exit 4"], TimeSpan.FromSeconds(10)));
        Assert.Equal(new ExecResult(4, "hello\n", false), ok);

        var slow = await TestRuntime.Within(process.ExecAsync(["sleep", "30"], TimeSpan.FromMilliseconds(300)));
        Assert.True(slow.TimedOut);
        Assert.Equal(-1, slow.ExitCode);
    }

    internal static async Task<string> WaitForLine(IContainerProcess process, string? expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var line in process.ReadLogsAsync(new LogReadOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(20) }, timeout.Token))
        {
            var text = $"{line.Stream}:{line.Text}";
            if (expected is null || text == expected)
            {
                return text;
            }
        }
        throw new TimeoutException($"no line {expected}");
    }

    internal static async Task WaitUntil(Func<bool> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met");
            }
            await Task.Delay(20);
        }
    }
}
