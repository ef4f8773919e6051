using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Cgroups;

/// <summary>Real cgroups: these need root and a writable hierarchy, which the test machines have.</summary>
public sealed class ContainerCgroupTests
{
    private static string Stat(string directory, string file) => File.ReadAllText(Path.Combine(directory, file)).Trim();

    [Fact]
    public async Task LimitsAreWrittenAndTheProcessIsInsideBeforeItRuns()
    {
        await using var test = new TestRuntime();
        Assert.True(test.Runtime.Capabilities.Cgroups.Usable, test.Runtime.Capabilities.Cgroups.Reason);
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "cat /proc/self/cgroup; sleep 300"],
            new CgroupLimits(250, 64 * 1024 * 1024, 16));
        var cgroup = process.Cgroup!;
        await ProcessContainerRuntimeTests.WaitForLine(process, null);

        Assert.EndsWith($"/pod{sandbox.PodUid}/app", cgroup.RelativePath);
        Assert.Contains(process.Pid, cgroup.Processes());
        if (cgroup.Version == CgroupVersion.V2)
        {
            Assert.Equal("25000 100000", Stat(cgroup.Path, "cpu.max"));
            Assert.Equal("67108864", Stat(cgroup.Path, "memory.max"));
            Assert.Equal("16", Stat(cgroup.Path, "pids.max"));
        }
        else
        {
            Assert.Equal("25000", Stat(cgroup.Directories["cpu"], "cpu.cfs_quota_us"));
            Assert.Equal("100000", Stat(cgroup.Directories["cpu"], "cpu.cfs_period_us"));
            Assert.Equal("67108864", Stat(cgroup.Directories["memory"], "memory.limit_in_bytes"));
            Assert.Equal("16", Stat(cgroup.Directories["pids"], "pids.max"));
        }
        // What the process printed about itself as its first act is already the container's cgroup.
        var lines = new List<string>();
        await foreach (var line in process.ReadLogsAsync(new()))
        {
            lines.Add(line.Text);
        }
        var memoryLine = lines.Single(l => cgroup.Version == CgroupVersion.V2 ? l.StartsWith("0::", StringComparison.Ordinal) : l.Contains(":memory:", StringComparison.Ordinal));
        Assert.EndsWith(cgroup.RelativePath, memoryLine);

        await TestRuntime.Within(process.StopAsync(TimeSpan.FromSeconds(5)));
        Assert.All(cgroup.Directories.Values, d => Assert.False(Directory.Exists(d)));
    }

    [Fact]
    public async Task ACgroupThatCannotBeRemovedAtOnceIsRemovedLaterOnceItCanBe()
    {
        await using var test = new TestRuntime();
        var cgroup = ContainerCgroup.Create(test.Runtime.Capabilities.Cgroups, Guid.NewGuid().ToString("N")[..12], "slow", CgroupLimits.None);
        // A child cgroup keeps its parent from being removed, as a process whose exit the kernel has not finished does.
        var blockers = cgroup.Directories.Values.Distinct().Select(d => Directory.CreateDirectory(Path.Combine(d, "blocker")).FullName).ToList();

        Assert.False(await cgroup.RemoveAsync());
        Assert.All(cgroup.Directories.Values, d => Assert.True(Directory.Exists(d)));

        foreach (var blocker in blockers) Directory.Delete(blocker);
        await ProcessContainerRuntimeTests.WaitUntil(() => cgroup.Directories.Values.All(d => !Directory.Exists(d)), seconds: 10);
        Assert.All(cgroup.Directories.Values, d => Assert.False(Directory.Exists(d)));
    }

    [Fact]
    public async Task MemoryHogIsOomKilled()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        // python3 touches every page of a 200 MiB bytearray; the limit is 32 MiB.
        var process = await test.StartAsync(sandbox, "hog", ["python3", "-c", "b = bytearray(200 * 1024 * 1024); print('survived')"],
            new CgroupLimits(null, 32 * 1024 * 1024, null));

        var terminated = await TestRuntime.Within(process.Exited, 60);

        Assert.Equal("OOMKilled", terminated.Reason);
        Assert.Equal(137, terminated.ExitCode);
        Assert.Equal(9, terminated.Signal);
    }

    [Fact]
    public async Task ProcessUnderTheLimitIsNotOomKilled()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "small", ["python3", "-c", "b = bytearray(4 * 1024 * 1024); print('survived')"],
            new CgroupLimits(null, 64 * 1024 * 1024, null));

        var terminated = await TestRuntime.Within(process.Exited, 60);

        Assert.Equal("Completed", terminated.Reason);
    }

    [Fact]
    public async Task CpuLimitedBusyLoopIsThrottled()
    {
        await using var test = new TestRuntime();
        var sandbox = await test.SandboxAsync();
        var process = await test.StartAsync(sandbox, "spin", ["/bin/sh", "-c", "while :; do :; done"], new CgroupLimits(100, null, null));
        var cgroup = process.Cgroup!;
        var cpuDirectory = cgroup.Version == CgroupVersion.V2 ? cgroup.Path : cgroup.Directories["cpu"];

        long throttled = 0;
        await ProcessContainerRuntimeTests.WaitUntil(() =>
        {
            throttled = Cgroups.CgroupFilesReader.Key(Path.Combine(cpuDirectory, "cpu.stat"), "nr_throttled");
            return throttled > 0;
        });

        Assert.True(throttled > 0);

        // The quota is a hard ceiling: 100m is at most 10 ms of CPU per 100 ms period.
        var before = CpuUsage(cgroup);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(1000);
        var used = CpuUsage(cgroup) - before;
        var allowed = clock.Elapsed.TotalSeconds * 0.1 + 0.02;
        Assert.True(used <= allowed, $"used {used:F3} s of CPU in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.True(used > 0.01, $"used {used:F3} s of CPU: the loop should run");
        await TestRuntime.Within(process.StopAsync(TimeSpan.Zero));
    }

    /// <summary>CPU seconds the cgroup has used: cpu.stat usage_usec on v2, cpuacct.usage (ns) on v1.</summary>
    private static double CpuUsage(ContainerCgroup cgroup) => cgroup.Version == CgroupVersion.V2
        ? Cgroups.CgroupFilesReader.Key(Path.Combine(cgroup.Path, "cpu.stat"), "usage_usec") / 1e6
        : long.Parse(Stat(cgroup.Directories["cpuacct"], "cpuacct.usage")) / 1e9;

    [Fact]
    public async Task PidsLimitStopsAForkBomb()
    {
        await using var test = new TestRuntime(pidsLimit: 8);
        var sandbox = await test.SandboxAsync();
        // python3 forks 50 sleepers and counts the forks the kernel refuses: with itself, 8 tasks at most.
        const string bomb = """
            import os, time
            ok = fail = 0
            for i in range(50):
                try:
                    if os.fork() == 0:
                        time.sleep(300)
                        os._exit(0)
                    ok += 1
                except OSError:
                    fail += 1
            print(ok, fail, flush=True)
            time.sleep(300)
            """;
        var process = await test.StartAsync(sandbox, "bomb", ["/usr/bin/python3", "-c", bomb]);
        var cgroup = process.Cgroup!;
        await ProcessContainerRuntimeTests.WaitForLine(process, "Stdout:7 43");

        var pidsDirectory = cgroup.Version == CgroupVersion.V2 ? cgroup.Path : cgroup.Directories["pids"];
        Assert.Equal("8", Stat(pidsDirectory, "pids.max"));
        Assert.True(long.Parse(Stat(pidsDirectory, "pids.current")) <= 8);
        Assert.True(Cgroups.CgroupFilesReader.Key(Path.Combine(pidsDirectory, "pids.events"), "max") > 0);

        await TestRuntime.Within(process.StopAsync(TimeSpan.Zero));
        Assert.False(Directory.Exists(pidsDirectory));
    }
}
