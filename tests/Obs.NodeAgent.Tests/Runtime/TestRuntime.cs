using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

/// <summary>
/// A runtime over a temporary state directory and a cgroup root of its own
/// (<c>/obs-test-{random}</c>), both removed on dispose together with every sandbox it made.
/// </summary>
public sealed class TestRuntime : IAsyncDisposable
{
    private readonly List<PodSandbox> _sandboxes = [];
    private readonly List<IContainerProcess> _processes = [];

    public TestRuntime(bool namespaces = false, long? pidsLimit = 1024, long logMaxBytes = 10 * 1024 * 1024, int logMaxFiles = 5)
    {
        StateDirectory = Directory.CreateTempSubdirectory("obs-runtime-").FullName;
        Options = new RuntimeOptions
        {
            StateDirectory = StateDirectory,
            CgroupRoot = $"/obs-test-{Guid.NewGuid():N}",
            PidsLimit = pidsLimit,
            LogMaxBytes = logMaxBytes,
            LogMaxFiles = logMaxFiles,
            UseNamespaces = namespaces,
        };
        Runtime = ProcessContainerRuntime.Create(Options);
    }

    public string StateDirectory { get; }

    public RuntimeOptions Options { get; }

    public ProcessContainerRuntime Runtime { get; }

    public async Task<PodSandbox> SandboxAsync(string name = "pod-a", bool hostPid = false)
    {
        var sandbox = await Runtime.CreateSandboxAsync(Guid.NewGuid().ToString("N")[..12], name, hostPid);
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    public async Task<IContainerProcess> StartAsync(PodSandbox sandbox, string name, string[] command, CgroupLimits? limits = null, int restartCount = 0)
    {
        var spec = new ContainerSpec(name, command, [], [new("GREETING", "hello")], null, limits ?? CgroupLimits.None, restartCount);
        return await StartAsync(sandbox, spec);
    }

    public async Task<IContainerProcess> StartAsync(PodSandbox sandbox, ContainerSpec spec)
    {
        var process = await Runtime.StartAsync(sandbox, spec);
        _processes.Add(process);
        return process;
    }

    public static async Task<T> Within<T>(Task<T> task, int seconds = 20)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds))) != task)
        {
            throw new TimeoutException($"not done within {seconds} s");
        }
        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await Within(process.StopAsync(TimeSpan.Zero));
        }
        foreach (var sandbox in _sandboxes)
        {
            await sandbox.DisposeAsync();
        }
        var support = Runtime.Capabilities.Cgroups;
        foreach (var mount in support.Mounts.Values.Distinct())
        {
            var root = Path.Combine(mount, Options.CgroupRoot.TrimStart('/'));
            if (Directory.Exists(root))
            {
                foreach (var dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
                {
                    await RemoveCgroupAsync(dir);
                }
                await RemoveCgroupAsync(root);
            }
        }
        Directory.Delete(StateDirectory, recursive: true);
    }

    /// <summary>
    /// A cgroup is busy while a process is in it. The kernel finishes a killed process's exit after the kill, and a full
    /// run once failed here with "Device or resource busy", its container (`sleep 3600`) and its sandbox still running:
    /// the test had failed an assertion, its clean-up had abandoned the pod (left it running for an agent to adopt) and
    /// this exception had hidden the assertion's. Tests now shut their pods down instead; what is still left is killed,
    /// so one test's leak does not outlive it. Ten seconds at most.
    /// </summary>
    private static async Task RemoveCgroupAsync(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(directory);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                // Removed meanwhile by the agent, which removes a container's cgroup once the container has ended.
                return;
            }
            catch (IOException) when (attempt < 200)
            {
                KillMembers(directory);
                await Task.Delay(50);
            }
        }
    }

    private static void KillMembers(string directory)
    {
        try
        {
            foreach (var line in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                if (int.TryParse(line, out var pid)) Obs.NodeAgent.Native.Libc.kill(pid, Obs.NodeAgent.Native.Libc.SIGKILL);
            }
        }
        catch (IOException)
        {
        }
    }
}
