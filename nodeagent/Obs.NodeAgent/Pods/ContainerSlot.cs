using System.Text.Json.Nodes;
using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>A container of a pod as its worker tracks it across runs: the current process, the last run's end, back-off, probes.</summary>
internal sealed class ContainerSlot(string name, bool init, bool ephemeral = false)
{
    public string Name { get; } = name;

    public bool Init { get; } = init;

    /// <summary>Added through <c>pods/ephemeralcontainers</c> (<c>kubectl debug</c>): run once, never restarted, never ready.</summary>
    public bool Ephemeral { get; } = ephemeral;

    /// <summary>Where the container is declared in the pod's spec, for events' fieldPath and status.</summary>
    public string SpecField => Init ? "initContainers" : Ephemeral ? "ephemeralContainers" : "containers";

    /// <summary>The current (or last) run; a new run takes its place through <see cref="Replace"/>.</summary>
    public IContainerProcess? Process { get; private set; }

    /// <summary>OOM kills in the runs before the current one (their cgroups are gone).</summary>
    private long _replacedRunsOomKills;

    /// <summary>
    /// OOM kills in the runs that ended: those before the current one and, once it has ended, the current one's.
    /// <c>container_oom_events_total</c> goes on from here, so it keeps rising across runs.
    /// </summary>
    public long EndedRunsOomKills => _replacedRunsOomKills + (Process?.State is ContainerStateTerminated ended ? ended.OomKills : 0);

    /// <summary>Makes <paramref name="process"/> the current run, counting the OOM kills of the run it follows.</summary>
    public void Replace(IContainerProcess process)
    {
        if (Process?.State is ContainerStateTerminated ended) _replacedRunsOomKills += ended.OomKills;
        Process = process;
    }

    public ContainerSpec? Spec { get; set; }

    /// <summary>How the current run ended, once it has.</summary>
    public ContainerStateTerminated? Terminated { get; set; }

    /// <summary>How the run before the current one ended: the status's lastState.</summary>
    public ContainerStateTerminated? LastTerminated { get; set; }

    /// <summary>Why the container is not running, when it waits (config error, CrashLoopBackOff).</summary>
    public ContainerStateWaiting? Waiting { get; set; }

    public int RestartCount { get; set; }

    public int Runs { get; set; }

    public BackoffState? Backoff { get; set; }

    public List<(string? Name, int Declared, int Assigned)>? Ports { get; set; }

    public List<ProbeWorker> Probes { get; } = [];

    public ProbeWorker? Readiness { get; set; }

    public ProbeWorker? Startup { get; set; }

    public JsonObject? StartupSpec { get; set; }

    public volatile bool StartupPassed;

    public bool OtherProbesStarted { get; set; }

    public bool Running => Process is not null && !Process.Exited.IsCompleted && Terminated is null;

    public bool Started => Running && (Startup is null || StartupPassed);

    /// <summary>
    /// How long a container with neither a readiness nor a startup probe must have run before it counts as ready. The
    /// kubelet learns that a container started from its next relist of the runtime (every second), by when one that
    /// fails at once has usually exited; reporting such a container ready the moment it was started made a Deployment
    /// whose pods crash at start look available, and `kubectl rollout status` report success.
    /// </summary>
    public static readonly TimeSpan ReadyAfterRunning = TimeSpan.FromSeconds(1);

    /// <summary>When this run counts as ready with no probe to say so (<see cref="ReadyAfterRunning"/> after its start); null when a probe decides, or it does not run.</summary>
    public DateTimeOffset? ReadyWithoutProbeAt =>
        Running && Readiness is null && Startup is null && Process!.State is ContainerStateRunning running ? running.StartedAt + ReadyAfterRunning : null;

    public bool IsReady(DateTimeOffset now) =>
        Started && (Readiness is not null ? Readiness.Reported == ProbeResult.Success : ReadyWithoutProbeAt is not { } at || now >= at);

    public bool Succeeded => Terminated is { ExitCode: 0 };

    public string ContainerId(string podUid) => $"obs://{podUid}/{Name}/{RestartCount}";
}
