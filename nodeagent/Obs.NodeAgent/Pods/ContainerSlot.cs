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

    /// <summary>The current (or last) run.</summary>
    public IContainerProcess? Process { get; set; }

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

    public bool Ready => Started && (Readiness is null || Readiness.Reported == ProbeResult.Success);

    public bool Succeeded => Terminated is { ExitCode: 0 };

    public string ContainerId(string podUid) => $"obs://{podUid}/{Name}/{RestartCount}";
}
