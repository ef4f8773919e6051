using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Lifecycle;
using Obs.NodeAgent.Node;
using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Restarts;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Runs one pod, level-triggered like the kubelet's pod worker: every pod update, container exit,
/// probe change or timer wakes it, and each sync compares what runs with the spec, acts (init
/// containers in order, then app containers, restarts by policy with back-off), then writes the
/// pod's status through <c>pods/x/status</c> when it differs from what was last written. A pod
/// with a deletionTimestamp is stopped (preStop, SIGTERM, grace, SIGKILL) and only then deleted
/// from the API with grace 0.
/// </summary>
internal sealed class PodWorker
{
    /// <summary>The event reason when a memory-backed emptyDir could not get its tmpfs.</summary>
    public const string MemoryVolumeOnDisk = "MemoryVolumeOnDisk";

    /// <summary>The event reason, as the kubelet's, when the pod's sandbox is gone and a new one is made.</summary>
    public const string SandboxChanged = "SandboxChanged";

    /// <summary>The event reason when a pod with a mount namespace of its own still shares the node's /tmp or /var/tmp.</summary>
    public const string TemporaryDirectoryShared = "TemporaryDirectoryShared";

    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(10);
    private DateTimeOffset? _volumesRetryAt;

    private readonly PodWorkerContext _context;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, ContainerSlot> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _transitions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mounted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private volatile JsonObject _pod;
    private volatile bool _removed;
    private PodSandbox? _sandbox;
    private Dictionary<string, string> _volumes = new();
    private string? _lastStatus;
    private DateTimeOffset _startTime;
    private DateTimeOffset _lastRefresh;
    private bool _terminal;
    private bool _restored;
    private volatile string? _evictionMessage;
    private bool _evictionStopped;
    private bool _startObserved;
    /// <summary>The start stages already recorded; null once the first start is over, or when a previous agent run made it.</summary>
    private HashSet<string>? _startStages = [];
    private readonly Lock _startStagesLock = new();
    private bool _memoryVolumesMounted;
    private bool _temporaryDirectoriesMounted;
    /// <summary>The directories (/tmp, /var/tmp) the pod has its own of: a mount point below them is made there, not on the host.</summary>
    private readonly List<string> _privateDirectories = [];
    /// <summary>The pod's Service links read ahead for the containers a sync starts; null reads them at each start.</summary>
    private Task<List<JsonObject>>? _services;

    public PodWorker(PodWorkerContext context, JsonObject pod)
    {
        _context = context;
        _pod = pod;
        Uid = ObjectMeta.Uid(pod) ?? "";
        Namespace = ObjectMeta.Namespace(pod) ?? "default";
        Name = ObjectMeta.Name(pod) ?? "";
        _startTime = context.Time.GetUtcNow();
        // An agent that restarts keeps an evicted pod's reason and message.
        if (pod.StringAt("status", "reason") == "Evicted") _evictionMessage = pod.StringAt("status", "message") ?? "";
        Done = Task.Run(LoopAsync);
    }

    public string Uid { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>How the kubelet names a pod in its messages (format.Pod): <c>name_namespace(uid)</c>.</summary>
    private string KubeletName => $"{Name}_{Namespace}({Uid})";

    public JsonObject Pod => _pod;

    /// <summary>Completes when the pod's processes are gone and it has left the API (or the agent stops).</summary>
    public Task Done { get; }

    public PodSandbox? Sandbox => _sandbox;

    public RuntimeCapabilities Capabilities => _context.Runtime.Capabilities;

    public void Update(JsonObject pod)
    {
        _pod = pod;
        Wake();
    }

    /// <summary>The pod left the API without us (a forced delete): its processes are stopped, nothing more is written.</summary>
    public void Remove()
    {
        _removed = true;
        Wake();
    }

    /// <summary>Stops the worker without touching the pod's processes: they live on for the next agent to adopt.</summary>
    public async Task AbandonAsync()
    {
        await StopLoopAsync();
        lock (_slots)
        {
            foreach (var slot in _slots.Values) slot.Process?.Abandon();
        }
    }

    private async Task StopLoopAsync()
    {
        await _stop.CancelAsync();
        try { await Done; } catch (OperationCanceledException) { }
    }

    /// <summary>
    /// The agent is shutting down and takes the pod's processes with it (<c>obs down</c>): the
    /// worker stops first, so nothing restarts what is being stopped; then preStop, SIGTERM and,
    /// after the pod's grace period (at most <paramref name="maxGrace"/>), SIGKILL. The last
    /// status is written if the apiserver answers; records and logs stay, so the next agent run
    /// finds the containers gone and starts them again as the restart policy says.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan maxGrace)
    {
        await StopLoopAsync();
        var pod = _pod;
        var grace = TimeSpan.FromSeconds(pod.LongAt("spec", "terminationGracePeriodSeconds") ?? 30);
        if (grace > maxGrace) grace = maxGrace;
        // Events and the status write must not hold the shutdown when the apiserver is gone.
        using var api = new CancellationTokenSource(grace + TimeSpan.FromSeconds(5));
        await StopContainersAsync(grace, api.Token);
        await DisposeSandboxAsync();
        ObserveExits();
        if (_terminal) return;
        try
        {
            var policy = RestartPolicies.Parse(pod.StringAt("spec", "restartPolicy"));
            await WriteStatusAsync(BuildStatus(pod, Containers(pod, "initContainers"), Containers(pod, "containers"), policy), api.Token);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or OperationCanceledException)
        {
            _context.Logger.LogInformation("pod {Namespace}/{Name} stopped; its last status was not written: {Error}", Namespace, Name, e.Message);
        }
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Node-pressure eviction (the kubelet's killPodFunc with the eviction status): the containers
    /// are stopped at once and the pod is reported Failed with reason Evicted and this message; it
    /// stays in the API, as evicted pods do.
    /// </summary>
    public void Evict(string message)
    {
        _evictionMessage = message;
        Wake();
    }

    public bool Evicted => _evictionMessage is not null;

    /// <summary>The container's current (or last) run and its spec, for logs and exec.</summary>
    public (IContainerProcess? Process, ContainerSpec? Spec, int RestartCount, long OomKills)? Container(string name)
    {
        lock (_slots)
        {
            return _slots.TryGetValue(name, out var slot) ? (slot.Process, slot.Spec, slot.RestartCount, slot.EndedRunsOomKills) : null;
        }
    }

    /// <summary>Each started container's declared ports and the host ports they were given (see <see cref="HostPorts"/>).</summary>
    public List<(int Declared, int Assigned)> PortAssignments()
    {
        lock (_slots)
        {
            return [.. _slots.Values.SelectMany(s => (s.Ports ?? []).Select(p => (p.Declared, p.Assigned)))];
        }
    }

    public string? DefaultContainer() =>
        (_pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?.StringAt("name");

    public string LogDirectory(string container) => Path.Combine(_context.StateDirectory, "pods", Uid, container);

    private async Task LoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            DateTimeOffset? wakeAt = null;
            try
            {
                if (await SyncAsync(token)) return;
                wakeAt = NextWake();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _context.Logger.LogWarning(e, "sync of pod {Namespace}/{Name} failed", Namespace, Name);
                wakeAt = _context.Time.GetUtcNow() + TimeSpan.FromSeconds(1);
            }
            var delay = (wakeAt ?? _context.Time.GetUtcNow() + RefreshPeriod) - _context.Time.GetUtcNow();
            if (delay > RefreshPeriod) delay = RefreshPeriod;
            if (delay < TimeSpan.FromMilliseconds(10)) delay = TimeSpan.FromMilliseconds(10);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
            timer.CancelAfter(delay);
            try
            {
                await _wake.Reader.WaitToReadAsync(timer.Token);
                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private DateTimeOffset? NextWake()
    {
        DateTimeOffset? next = _volumesRetryAt;
        var now = _context.Time.GetUtcNow();
        lock (_slots)
        {
            foreach (var slot in _slots.Values)
            {
                if (slot.Terminated is { } t && slot.Backoff is { } b)
                {
                    var at = t.FinishedAt + b.NextDelay;
                    if (next is null || at < next) next = at;
                }
                // A container that becomes ready by having run long enough: its status changes then, with no event to wake on.
                if (slot.ReadyWithoutProbeAt is { } ready && ready > now && (next is null || ready < next)) next = ready;
            }
        }
        return next;
    }

    /// <summary>One pass; true when the worker is finished (the pod is gone).</summary>
    private async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var pod = _pod;
        var inits = Containers(pod, "initContainers");
        var apps = Containers(pod, "containers");
        var ephemerals = Containers(pod, "ephemeralContainers");
        EnsureSlots(inits, apps, ephemerals);
        if (!_restored)
        {
            // First, even for a pod already deleted (while the agent was down, say): what the previous run left
            // running is adopted, so that stopping the pod stops it too, and its status can be built.
            _restored = true;
            await RestoreAsync(pod, inits, apps, ephemerals, cancellationToken);
            if (!_removed && ObjectMeta.DeletionTimestamp(pod) is null)
            {
                StartStage(Metrics.PodStartStages.SyncStarted);
                if (IgnoredFields.Find(pod) is { Count: > 0 } ignored && pod.StringAt("status", "phase") is null or PodPhases.Pending)
                {
                    Event("Warning", "IgnoredFields", $"the process runtime does not act on: {string.Join(", ", ignored)}", "");
                }
            }
        }
        if (_removed)
        {
            await StopContainersAsync(TimeSpan.FromSeconds(2), cancellationToken);
            ForgetProbeSeries();
            await DisposeSandboxAsync();
            DeletePodDirectory();
            return true;
        }
        if (ObjectMeta.DeletionTimestamp(pod) is not null)
        {
            await TerminateAsync(pod, cancellationToken);
            return true;
        }
        if (_evictionMessage is not null && !_evictionStopped)
        {
            // Once, even if the pod already went terminal: an eviction that came mid-sync may have missed containers that started.
            _evictionStopped = true;
            await StopContainersAsync(TimeSpan.Zero, cancellationToken);
            ObserveExits();
            _terminal = true;
            _context.HostPorts.Release(Uid);
            await DisposeSandboxAsync();
        }
        var policy = RestartPolicies.Parse(pod.StringAt("spec", "restartPolicy"));
        ObserveExits();

        if (!_terminal)
        {
            var now = _context.Time.GetUtcNow();
            if (_sandbox is { Alive: false }) await ReplaceDeadSandboxAsync(cancellationToken);
            var refresh = now - _lastRefresh >= RefreshPeriod || _volumes.Count == 0 || _sandbox is null;
            // The volumes' files (API reads, a token request) are made while the sandbox's processes
            // start: neither needs the other, and a pod start would otherwise wait for both in turn.
            var volumes = refresh ? PrepareVolumesAsync(pod, now, cancellationToken) : Task.FromResult(true);
            var sandbox = _sandbox is null ? CreateSandboxAsync(pod, cancellationToken) : Task.CompletedTask;
            // A first start reads the pod's Service links (a LIST while the agent's Service cache is behind the pod) meanwhile too.
            _services = _sandbox is null ? _context.Environment.ServicesAsync(pod, cancellationToken) : null;
            await Task.WhenAll(volumes, sandbox);
            var volumesReady = await volumes;
            if (refresh && volumesReady)
            {
                await MountTemporaryDirectoriesAsync(cancellationToken);
                await MountMemoryVolumesAsync(pod, cancellationToken);
            }
            if (volumesReady)
            {
                var initialized = await SyncInitContainersAsync(pod, inits, policy, cancellationToken);
                if (initialized)
                {
                    foreach (var container in apps)
                    {
                        await SyncContainerAsync(pod, container, _slots[container.StringAt("name")!], policy, cancellationToken);
                    }
                    ObservePodStarted(apps);
                }
                // As the kubelet does, debugging does not wait for the init containers: a stuck one is what it is for.
                foreach (var container in ephemerals) await SyncEphemeralContainerAsync(pod, container, cancellationToken);
            }
            _services = null;
        }

        var status = BuildStatus(pod, inits, apps, policy);
        var phase = status.StringAt("phase");
        if (phase is PodPhases.Succeeded or PodPhases.Failed && !_terminal)
        {
            _terminal = true;
            // A finished pod stays in the API (a Job's, say) but listens on nothing any more.
            _context.HostPorts.Release(Uid);
            await StopProbesAsync();
            await DisposeSandboxAsync();
        }
        await WriteStatusAsync(status, cancellationToken);
        if (phase == PodPhases.Running && _startObserved) StartStage(Metrics.PodStartStages.StatusRunningWritten);
        return false;
    }

    private async Task CreateSandboxAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        _sandbox = await _context.Runtime.CreateSandboxAsync(
            Uid, Name, pod.BoolAt("spec", "hostPID") == true, PodHostname.For(pod, Name, System.Net.Dns.GetHostName()), cancellationToken);
        ContainerRecords.WriteSandbox(PodDirectory, _sandbox.InitPid);
        await InstallResolvConfAsync(pod, _sandbox, cancellationToken);
        StartStage(Metrics.PodStartStages.SandboxCreated);
    }

    /// <summary>Creates or refreshes the pod's volumes; false (with the containers waiting and why) when one is not ready.</summary>
    private async Task<bool> PrepareVolumesAsync(JsonObject pod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            _volumes = await _context.Volumes.PrepareAsync(pod, cancellationToken);
            _lastRefresh = now;
            _volumesRetryAt = null;
            StartStage(Metrics.PodStartStages.VolumesPrepared);
            return true;
        }
        catch (EnvironmentException e)
        {
            // A volume still being made (an unbound claim) is looked at again within a second, not at the next refresh.
            _volumesRetryAt = e.Reason == ContainerStateWaiting.ContainerCreating ? now + TimeSpan.FromSeconds(1) : null;
            foreach (var slot in _slots.Values.Where(s => !s.Running && s.Process is null))
                slot.Waiting = new ContainerStateWaiting(e.Reason, e.Message);
            return false;
        }
    }

    /// <summary>kubelet_pod_start_duration_seconds: once per pod, when all its containers first run, from when the agent first saw it.</summary>
    private void ObservePodStarted(List<JsonObject> apps)
    {
        if (_startObserved || apps.Count == 0 || !apps.All(c => _slots[c.StringAt("name")!].Running)) return;
        _startObserved = true;
        _context.Metrics?.PodStarted(_context.Time.GetUtcNow() - _startTime);
        StartStage(Metrics.PodStartStages.ContainersStarted);
    }

    /// <summary>obs_agent_pod_start_stage_seconds: a milestone of the pod's first start, once, from when the agent first saw the pod.</summary>
    private void StartStage(string stage)
    {
        var elapsed = _context.Time.GetUtcNow() - _startTime;
        // The sandbox and the volumes are made at the same time, on two threads.
        lock (_startStagesLock)
        {
            if (_startStages?.Add(stage) != true) return;
            if (stage == Metrics.PodStartStages.StatusRunningWritten) _startStages = null;
        }
        _context.Metrics?.PodStartStage(stage, elapsed);
    }

    /// <summary>
    /// The pod's own /tmp and /var/tmp, once, after its volumes are resolved (their host paths must
    /// stay visible through it, see <see cref="PodTemporaryDirectories"/>) and before any container
    /// runs or binds a volume below them; where that cannot be, an event says the pod shares the node's.
    /// </summary>
    private async Task MountTemporaryDirectoriesAsync(CancellationToken cancellationToken)
    {
        if (_temporaryDirectoriesMounted || _sandbox is not { Isolated: true } sandbox) return;
        _temporaryDirectoriesMounted = true;
        var plan = PodTemporaryDirectories.Plan(PodDirectory, _volumes.Values.Append(_context.StateDirectory), Path.Exists);
        foreach (var (covered, failure) in await PodTemporaryMounts.MountAsync(sandbox, plan))
        {
            if (failure is null) _privateDirectories.Add(covered);
            else Event("Warning", TemporaryDirectoryShared, $"the pod shares the node's {covered}: {failure}", "");
        }
    }

    /// <summary>
    /// Memory-backed emptyDirs get their tmpfs in the pod's mount namespace, once, before any
    /// container binds them; where that cannot be, they stay directories on disk and an event says so.
    /// </summary>
    private async Task MountMemoryVolumesAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        if (_memoryVolumesMounted || _sandbox is not { } sandbox) return;
        _memoryVolumesMounted = true;
        foreach (var volume in Volumes.MemoryVolume.Find(pod, _context.NodeMemoryBytes))
        {
            if (!_volumes.TryGetValue(volume.Name, out var directory)) continue;
            var failure = await Volumes.MemoryVolumeMount.MountAsync(Capabilities.Namespaces.NsenterPath, sandbox, directory, volume, cancellationToken);
            if (failure is not null)
            {
                Event("Warning", MemoryVolumeOnDisk, $"emptyDir volume \"{volume.Name}\" with medium Memory is a plain directory on disk: {failure}", "");
            }
        }
    }

    private static List<JsonObject> Containers(JsonObject pod, string field) =>
        (pod.At("spec", field) as JsonArray)?.OfType<JsonObject>().Where(c => c.StringAt("name") is { Length: > 0 }).ToList() ?? [];

    private void EnsureSlots(List<JsonObject> inits, List<JsonObject> apps, List<JsonObject> ephemerals)
    {
        lock (_slots)
        {
            foreach (var c in inits) _slots.TryAdd(c.StringAt("name")!, new ContainerSlot(c.StringAt("name")!, true));
            foreach (var c in apps) _slots.TryAdd(c.StringAt("name")!, new ContainerSlot(c.StringAt("name")!, false));
            foreach (var c in ephemerals) _slots.TryAdd(c.StringAt("name")!, new ContainerSlot(c.StringAt("name")!, false, ephemeral: true));
        }
    }

    /// <summary>
    /// An ephemeral container starts once and is never restarted, whatever the pod's restart policy.
    /// It runs in the pod's sandbox like the others, so it shares their PID and mount namespaces:
    /// <c>targetContainerName</c> (kubectl debug's <c>--target</c>) asks for the target's PID namespace,
    /// which every container of an Obs pod already shares, so it needs nothing more here.
    /// </summary>
    private async Task SyncEphemeralContainerAsync(JsonObject pod, JsonObject container, CancellationToken cancellationToken)
    {
        var slot = _slots[container.StringAt("name")!];
        if (slot.Runs > 0 || slot.Running) return;
        await StartAsync(pod, container, slot, cancellationToken);
    }

    /// <summary>Records how runs that ended did end, and stops their probes.</summary>
    private void ObserveExits()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Process is { } process && slot.Terminated is null && process.Exited.IsCompleted)
            {
                slot.Terminated = process.Exited.Result;
                _ = StopProbesAsync(slot);
            }
        }
    }

    /// <summary>Init containers one at a time, in order; true once all have succeeded.</summary>
    private async Task<bool> SyncInitContainersAsync(JsonObject pod, List<JsonObject> inits, RestartPolicy policy, CancellationToken cancellationToken)
    {
        // Init containers are retried on failure unless the pod's policy is Never.
        var initPolicy = policy == RestartPolicy.Never ? RestartPolicy.Never : RestartPolicy.OnFailure;
        foreach (var container in inits)
        {
            var slot = _slots[container.StringAt("name")!];
            if (slot.Succeeded) continue;
            await SyncContainerAsync(pod, container, slot, initPolicy, cancellationToken);
            return false;
        }
        return true;
    }

    private async Task SyncContainerAsync(JsonObject pod, JsonObject container, ContainerSlot slot, RestartPolicy policy, CancellationToken cancellationToken)
    {
        if (slot.Running)
        {
            if (slot.StartupPassed && !slot.OtherProbesStarted) await StartProbesAsync(container, slot, afterStartup: true);
            return;
        }
        if (slot.Terminated is { } terminated)
        {
            var decision = _context.Backoff.Decide(policy, terminated.ExitCode, terminated.StartedAt, terminated.FinishedAt, slot.Backoff,
                _context.Time.GetUtcNow(), slot.Name, KubeletName);
            switch (decision.Action)
            {
                case RestartAction.DoNotRestart:
                    slot.Waiting = null;
                    return;
                case RestartAction.BackOff:
                    if (slot.Waiting?.Reason != ContainerStateWaiting.CrashLoopBackOff)
                    {
                        // The kubelet's words, the same at every restart, so the recorder counts one event up ("x5 over 3m")
                        // where the waiting message, which names the delay, would make a new one each time.
                        Event("Warning", "BackOff", $"Back-off restarting failed container {slot.Name} in pod {KubeletName}", slot.Name);
                    }
                    slot.Waiting = new ContainerStateWaiting(ContainerStateWaiting.CrashLoopBackOff, decision.Message);
                    return;
            }
            slot.Backoff = decision.NextState;
        }
        await StartAsync(pod, container, slot, cancellationToken);
    }

    private async Task StartAsync(JsonObject pod, JsonObject container, ContainerSlot slot, CancellationToken cancellationToken)
    {
        if (slot.Ports is null)
        {
            slot.Ports = _context.HostPorts.Assign(Uid, container);
            if (_context.HostPorts.DescribeMoves(Uid, slot.Name, slot.Ports) is { } moved) Event("Normal", "PortMoved", moved, slot.Name);
        }
        await RecordAssignedPortsAsync(pod, cancellationToken);
        // The kubelet's first step, the image, once per start; not again while the same configuration error is retried.
        if (container.StringAt("image") is { Length: > 0 } image && slot.Waiting?.Reason != ContainerStateWaiting.CreateContainerConfigError)
            Event("Normal", KubeletEvents.Pulled, KubeletEvents.ImagePresent(image), slot.Name);
        List<KeyValuePair<string, string>> env;
        container = HostPorts.FollowMoves(container, slot.Ports);
        try
        {
            var extra = HostPorts.Environment(slot.Ports);
            await MountVolumesAsync(container, extra, cancellationToken);
            env = await _context.Environment.ResolveAsync(pod, container, extra, cancellationToken, _services);
            HostPorts.FollowMoves(env, slot.Ports);
        }
        catch (EnvironmentException e)
        {
            SetWaiting(slot, new ContainerStateWaiting(ContainerStateWaiting.CreateContainerConfigError, e.Message));
            return;
        }
        var nextRestartCount = slot.Runs == 0 ? 0 : slot.RestartCount + 1;
        string? Lookup(string name) => env.LastOrDefault(e => e.Key == name).Value;
        var spec = ContainerSpec.FromJson(container, null, env, nextRestartCount);
        spec = spec with
        {
            Command = spec.Command.Select(c => VariableExpansion.Expand(c, Lookup)).ToList(),
            Args = spec.Args.Select(a => VariableExpansion.Expand(a, Lookup)).ToList(),
        };
        IContainerProcess process;
        try
        {
            process = await _context.Runtime.StartAsync(_sandbox!, spec, cancellationToken);
        }
        catch (ContainerStartException e) when (e.State is ContainerStateWaiting waiting)
        {
            SetWaiting(slot, waiting);
            return;
        }
        catch (ContainerStartException e) when (e.State is ContainerStateTerminated failed)
        {
            NextRun(slot, nextRestartCount, spec);
            slot.Terminated = failed;
            // The container was made, its process could not be: as a runtime's failed start task, after Created.
            Event("Normal", KubeletEvents.Created, KubeletEvents.CreatedContainer(slot.Name), slot.Name);
            Event("Warning", KubeletEvents.Failed, KubeletEvents.Error(e.Message), slot.Name);
            return;
        }
        NextRun(slot, nextRestartCount, spec);
        lock (_slots) slot.Replace(process);
        ContainerRecords.Write(LogDirectory(slot.Name), process, _context.Time.GetUtcNow(), slot.Ports);
        _ = process.Exited.ContinueWith(_ => Wake(), TaskScheduler.Default);
        Event("Normal", KubeletEvents.Created, KubeletEvents.CreatedContainer(slot.Name), slot.Name);
        Event("Normal", KubeletEvents.Started, KubeletEvents.StartedContainer(slot.Name), slot.Name);

        if (LifecycleHookRunner.Hook(container, "postStart") is { } postStart)
        {
            var outcome = await LifecycleHookRunner.RunAsync(postStart, Target(process, slot), TimeSpan.FromSeconds(30), cancellationToken);
            if (outcome.Result == ProbeResult.Failure)
            {
                Event("Warning", LifecycleHookRunner.FailedPostStartHook, $"PostStartHook failed: {outcome.Message}", slot.Name);
                await process.StopAsync(TimeSpan.FromSeconds(2), cancellationToken);
                return;
            }
        }
        await StartProbesAsync(container, slot, afterStartup: false);
    }

    private static void NextRun(ContainerSlot slot, int restartCount, ContainerSpec spec)
    {
        if (slot.Terminated is not null) slot.LastTerminated = slot.Terminated;
        slot.Terminated = null;
        slot.Waiting = null;
        slot.RestartCount = restartCount;
        slot.Runs++;
        slot.Spec = spec;
        slot.StartupPassed = false;
        slot.OtherProbesStarted = false;
        slot.Readiness = null;
        slot.Startup = null;
    }

    private void SetWaiting(ContainerSlot slot, ContainerStateWaiting waiting)
    {
        if (slot.Waiting?.Message != waiting.Message)
        {
            Event("Warning", KubeletEvents.Failed, KubeletEvents.Error(waiting.Message ?? waiting.Reason), slot.Name);
        }
        slot.Waiting = waiting;
    }

    private ContainerProbeTarget Target(IContainerProcess process, ContainerSlot slot) =>
        new(process, _context.ProbeHost, slot.Ports ?? []);

    /// <summary>
    /// Records the ports this pod's containers were moved to on the pod, before the container that
    /// got one starts (so before it can be ready): the endpoints controller routes by it. A failed
    /// write fails the start, which the next sync tries again, rather than start a container that
    /// Services would look for on its declared port.
    /// </summary>
    private async Task RecordAssignedPortsAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        List<(string, int, int)> moves;
        lock (_slots)
        {
            moves = [.. _slots.Values.SelectMany(s => (s.Ports ?? []).Select(p => (s.Name, p.Declared, p.Assigned)))];
        }
        var value = AssignedPorts.Format(moves);
        if (value is null || value == pod.StringAt("metadata", "annotations", AssignedPorts.Annotation)) return;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AssignedPorts.Annotation] = value } } };
        await _context.Client.PatchAsync(ResourceTypes.Pod, Namespace, Name, PatchType.Merge, patch, null, null, cancellationToken);
    }

    /// <summary>Startup first when there is one; liveness and readiness once it passed.</summary>
    private async Task StartProbesAsync(JsonObject container, ContainerSlot slot, bool afterStartup)
    {
        var process = slot.Process!;
        var target = Target(process, slot);
        if (!afterStartup && container["startupProbe"] is JsonObject startup)
        {
            slot.Startup = Probe(ProbeKind.Startup, startup, target, slot, process);
            return;
        }
        if (afterStartup && slot.Startup is { } finished)
        {
            slot.Probes.Remove(finished);
            _ = finished.DisposeAsync().AsTask();
        }
        slot.OtherProbesStarted = true;
        if (container["livenessProbe"] is JsonObject liveness) Probe(ProbeKind.Liveness, liveness, target, slot, process);
        if (container["readinessProbe"] is JsonObject readiness) slot.Readiness = Probe(ProbeKind.Readiness, readiness, target, slot, process);
        await Task.CompletedTask;
    }

    private ProbeWorker Probe(ProbeKind kind, JsonObject json, IProbeTarget target, ContainerSlot slot, IContainerProcess process)
    {
        var spec = ProbeSpec.FromJson(json);
        var worker = new ProbeWorker(kind, spec, target, _context.Time, update => OnProbe(slot, process, spec, update));
        slot.Probes.Add(worker);
        worker.Start(process.State is ContainerStateRunning running ? running.StartedAt : _context.Time.GetUtcNow());
        return worker;
    }

    private void OnProbe(ContainerSlot slot, IContainerProcess process, ProbeSpec spec, ProbeUpdate update)
    {
        _context.Metrics?.Probes.Record(update.Kind, update.Outcome.Result, slot.Name, Name, Namespace, Uid);
        if (update.Kind == ProbeKind.Startup && update.Outcome.Result == ProbeResult.Success && !slot.StartupPassed)
        {
            slot.StartupPassed = true;
            Wake();
            return;
        }
        if (update.Outcome.Result == ProbeResult.Failure)
        {
            Event("Warning", "Unhealthy", $"{update.Kind} probe failed: {update.Outcome.Message}", slot.Name);
        }
        if (!update.Changed) return;
        if (update.Kind is ProbeKind.Liveness or ProbeKind.Startup && update.Reported == ProbeResult.Failure)
        {
            var grace = TimeSpan.FromSeconds(_pod.LongAt("spec", "terminationGracePeriodSeconds") ?? 30);
            Event("Normal", "Killing", $"Container {slot.Name} failed {update.Kind.ToString().ToLowerInvariant()} probe, will be restarted", slot.Name);
            _ = process.StopAsync(grace);
        }
        Wake();
    }

    /// <summary>
    /// Volume mounts: with a pod mount namespace each volume is bind-mounted at its mountPath
    /// inside it (the host's view is untouched); without one the container learns the directory
    /// from <c>OBS_VOLUME_&lt;NAME&gt;</c>, since it shares the host's file system. The automounted
    /// service account files go to Kubernetes' path the same way (<c>OBS_SERVICEACCOUNT_DIR</c>).
    /// </summary>
    private async Task MountVolumesAsync(JsonObject container, List<KeyValuePair<string, string>> env, CancellationToken cancellationToken)
    {
        foreach (var mount in (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = mount.StringAt("name") ?? "";
            var path = mount.StringAt("mountPath") ?? "";
            if (!_volumes.TryGetValue(name, out var source)) throw new EnvironmentException($"volume \"{name}\" is not defined or not ready");
            if (mount.StringAt("subPath") is { Length: > 0 } sub) source = Path.Combine(source, sub);
            env.Add(new("OBS_VOLUME_" + name.ToUpperInvariant().Replace('-', '_'), source));
            await BindAsync(name, path, source, mount.BoolAt("readOnly") == true, cancellationToken);
        }
        if (_volumes.TryGetValue(Volumes.ServiceAccountVolume.Name, out var serviceAccount) && !Volumes.ServiceAccountVolume.MountedByContainer(container))
        {
            env.Add(new(Volumes.ServiceAccountVolume.DirectoryVariable, serviceAccount));
            await BindAsync("kube-api-access", Volumes.ServiceAccountVolume.MountPath, serviceAccount, readOnly: true, cancellationToken);
        }
    }

    /// <summary>Bind-mounts a volume at its path in the pod's mount namespace, once per pod; nothing without one.</summary>
    private async Task BindAsync(string name, string path, string source, bool readOnly, CancellationToken cancellationToken)
    {
        if (_sandbox is not { Isolated: true } sandbox || path.Length == 0 || !_mounted.Add(path)) return;
        // The mount point is made on the host's file system: noted first, so it goes with the pod.
        // Below the pod's own /tmp it is made in the pod's directory, which goes with the pod anyway.
        if (!_privateDirectories.Any(d => PodTemporaryDirectories.Within(path, d))) MountPoints.Record(PodDirectory, path, Directory.Exists(source));
        var error = await NamespaceBindMount.BindAsync(sandbox, source, path, createTarget: true, readOnly).WaitAsync(cancellationToken);
        if (error is not null)
        {
            _mounted.Remove(path);
            throw new EnvironmentException($"mounting volume \"{name}\" at {path}: {error}");
        }
    }

    private async Task TerminateAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(pod.LongAt("metadata", "deletionGracePeriodSeconds") ?? pod.LongAt("spec", "terminationGracePeriodSeconds") ?? 30);
        await StopContainersAsync(grace, cancellationToken);
        ForgetProbeSeries();
        await DisposeSandboxAsync();
        ObserveExits();
        var policy = RestartPolicies.Parse(pod.StringAt("spec", "restartPolicy"));
        var status = BuildStatus(pod, Containers(pod, "initContainers"), Containers(pod, "containers"), policy);
        try
        {
            await WriteStatusAsync(status, cancellationToken);
            await _context.Client.DeleteAsync(ResourceTypes.Pod, Namespace, Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = Uid }, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound || e.IsConflict)
        {
        }
        DeletePodDirectory();
    }

    /// <summary>Points the pod's /etc/resolv.conf at the cluster DNS, in its own mount namespace; a pod sharing the node's keeps the node's file.</summary>
    private async Task InstallResolvConfAsync(JsonObject pod, PodSandbox sandbox, CancellationToken cancellationToken)
    {
        if (_context.ResolvConf?.Invoke(pod) is not { } contents || !sandbox.Isolated) return;
        var failure = await Dns.PodResolvConfFile.InstallAsync(sandbox, Path.Combine(PodDirectory, "resolv.conf"), contents, cancellationToken);
        if (failure is not null) Event("Warning", "DNSConfigForming", $"the pod keeps the node's resolv.conf: {failure}", "");
    }

    /// <summary>Logs, records and volumes of a pod that has left the API go with it (persistent volume claims live elsewhere).</summary>
    private void DeletePodDirectory()
    {
        try { Directory.Delete(PodDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException e) { _context.Logger.LogWarning(e, "could not remove the state of pod {Namespace}/{Name}", Namespace, Name); }
    }

    private async Task StopContainersAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var stops = new List<Task>();
        foreach (var slot in _slots.Values.Where(s => s.Running))
        {
            var process = slot.Process!;
            var container = Containers(_pod, slot.SpecField).FirstOrDefault(c => c.StringAt("name") == slot.Name);
            var preStop = container is null ? null : LifecycleHookRunner.Hook(container, "preStop");
            Event("Normal", "Killing", $"Stopping container {slot.Name}", slot.Name);
            stops.Add(Task.Run(async () =>
            {
                var (_, outcome) = await LifecycleHookRunner.StopAsync(process, preStop, Target(process, slot), grace, _context.Time, cancellationToken);
                if (outcome is { Result: ProbeResult.Failure })
                    Event("Warning", LifecycleHookRunner.FailedPreStopHook, $"PreStopHook failed: {outcome.Message}", slot.Name);
            }, cancellationToken));
        }
        await Task.WhenAll(stops);
        await StopProbesAsync();
    }

    /// <summary>The pod is leaving the node, its probes stopped: its probe series go before it leaves the API, as the kubelet deletes them.</summary>
    private void ForgetProbeSeries() => _context.Metrics?.Probes.ForgetPod(Uid);

    private async Task StopProbesAsync()
    {
        foreach (var slot in _slots.Values) await StopProbesAsync(slot);
    }

    private static async Task StopProbesAsync(ContainerSlot slot)
    {
        List<ProbeWorker> probes;
        lock (slot.Probes)
        {
            probes = [.. slot.Probes];
            slot.Probes.Clear();
        }
        foreach (var probe in probes) await probe.DisposeAsync();
    }

    private async Task DisposeSandboxAsync()
    {
        if (_sandbox is { } sandbox)
        {
            _sandbox = null;
            var started = Stopwatch.GetTimestamp();
            await sandbox.DisposeAsync();
            _context.Metrics?.RuntimeOperation(Metrics.RuntimeOperations.StopPodSandbox, Stopwatch.GetElapsedTime(started), failed: false);
        }
        // The pod's mount namespace is gone: the mount points its binds left on the host go too.
        MountPoints.Release(Path.Combine(_context.StateDirectory, "pods"), PodDirectory);
    }

    private string PodDirectory => Path.Combine(_context.StateDirectory, "pods", Uid);

    /// <summary>
    /// First sync after the agent (re)started: what the API last heard (restart counts, finished
    /// runs, a terminal phase) is taken back, and containers the previous agent run left running
    /// are adopted by their records (same PID, same start time, same boot), so nothing runs twice.
    /// </summary>
    private async Task RestoreAsync(JsonObject pod, List<JsonObject> inits, List<JsonObject> apps, List<JsonObject> ephemerals, CancellationToken cancellationToken)
    {
        if (pod.StringAt("status", "phase") is PodPhases.Succeeded or PodPhases.Failed) _terminal = true;
        // A pod a previous agent run started has had its start counted by that run.
        if (pod.StringAt("status", "phase") is PodPhases.Running or PodPhases.Succeeded or PodPhases.Failed)
        {
            _startObserved = true;
            _startStages = null;
        }
        var adopted = false;
        var now = _context.Time.GetUtcNow();
        foreach (var (container, field) in inits.Select(c => (c, "initContainerStatuses")).Concat(apps.Select(c => (c, "containerStatuses")))
            .Concat(ephemerals.Select(c => (c, "ephemeralContainerStatuses"))))
        {
            var slot = _slots[container.StringAt("name")!];
            var reported = (pod.At("status", field) as JsonArray)?.OfType<JsonObject>().FirstOrDefault(s => s.StringAt("name") == slot.Name);
            if (reported is not null)
            {
                slot.RestartCount = (int)(reported.LongAt("restartCount") ?? 0);
                slot.Runs = reported.StringAt("containerID") is { Length: > 0 } ? slot.RestartCount + 1 : 0;
                slot.LastTerminated = Terminated(reported.At("lastState", "terminated") as JsonObject);
                slot.Terminated = Terminated(reported.At("state", "terminated") as JsonObject);
            }
            var record = ContainerRecords.Read(LogDirectory(slot.Name));
            if (record is not null && record.Alive && !_terminal)
            {
                ContainerCgroup? cgroup = null;
                if (_context.Runtime.Capabilities.Cgroups.Usable)
                {
                    try { cgroup = ContainerCgroup.Create(_context.Runtime.Capabilities.Cgroups, Uid, slot.Name, CgroupLimits.FromContainer(container, _context.RuntimeOptions.PidsLimit)); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException) { }
                }
                var process = new AdoptedContainerProcess(slot.Name, record.Pid, record.ProcStart, record.RestartCount, record.StartedAt,
                    LogDirectory(slot.Name), cgroup, _context.Runtime.Capabilities.Namespaces.NsenterPath, _context.RuntimeOptions,
                    (container.BoolAt("stdin") == true, container.BoolAt("stdinOnce") == true, container.BoolAt("tty") == true), record.TerminalHolder);
                slot.Ports = record.Ports;
                _context.HostPorts.Reserve(Uid, record.Ports);
                List<KeyValuePair<string, string>> env = [];
                var followed = HostPorts.FollowMoves(container, record.Ports);
                try { env = await _context.Environment.ResolveAsync(pod, followed, HostPorts.Environment(record.Ports), cancellationToken); }
                catch (EnvironmentException) { }
                HostPorts.FollowMoves(env, record.Ports);
                slot.Spec = ContainerSpec.FromJson(followed, null, env, record.RestartCount);
                slot.Terminated = null;
                slot.Waiting = null;
                slot.RestartCount = record.RestartCount;
                slot.Runs = record.RestartCount + 1;
                lock (_slots) slot.Replace(process);
                _ = process.Exited.ContinueWith(_ => Wake(), TaskScheduler.Default);
                await StartProbesAsync(container, slot, afterStartup: false);
                adopted = true;
            }
            else if (reported?.At("state", "running") is JsonObject running && slot.Terminated is null)
            {
                var startedAt = DateTimeOffset.TryParse(running.StringAt("startedAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : now;
                slot.Terminated = new ContainerStateTerminated(137, null, "ContainerStatusUnknown",
                    "The container could not be located when the node agent restarted", startedAt, now);
            }
        }
        await AdoptSandboxAsync(adopted, cancellationToken);
        // A pod on its way out only needs its processes stopped: its volumes' sources may be gone with it (a namespace deleted).
        if (adopted && !_removed && ObjectMeta.DeletionTimestamp(pod) is null)
        {
            _volumes = await _context.Volumes.PrepareAsync(pod, cancellationToken);
            _lastRefresh = now;
        }
    }

    /// <summary>
    /// Takes back the sandbox the previous agent run made: a container started from now on (a restart,
    /// an ephemeral one) joins the same PID, UTS and mount namespaces as the pod's others, where its own
    /// /tmp, resolv.conf, memory volumes and volume binds live on. It is taken back even when no container
    /// still runs, since a new one would leave the old holder behind; a finished pod's is ended. Containers
    /// adopted without a live sandbox while namespaces are permitted get a new one at the next sync, and an event says so.
    /// </summary>
    private async Task AdoptSandboxAsync(bool adoptedContainers, CancellationToken cancellationToken)
    {
        if (ContainerRecords.LiveSandbox(PodDirectory) is { } live)
        {
            _sandbox = PodSandbox.Adopt(Uid, Name, live.Pid, live.ProcStart);
            var own = PodOwnMounts.Read(live.Pid);
            _mounted.UnionWith(own);
            _privateDirectories.AddRange(PodTemporaryDirectories.Covered.Where(own.Contains));
            _memoryVolumesMounted = true;
            _temporaryDirectoriesMounted = true;
            if (_terminal) await DisposeSandboxAsync();
        }
        else if (adoptedContainers && Capabilities.Namespaces.Permitted)
        {
            Event("Warning", SandboxChanged,
                "the pod's sandbox from the previous run of the node agent is gone: its running containers stay where they are, containers started from now on get a new sandbox", "");
        }
    }

    /// <summary>
    /// The pod's namespace holder ended (killed from outside; with its PID namespace, every process of
    /// the pod went too): as the kubelet does, the event says so, what is left of the pod is stopped and
    /// the sync makes a new sandbox, whose containers start as their restart policy says.
    /// </summary>
    private async Task ReplaceDeadSandboxAsync(CancellationToken cancellationToken)
    {
        Event("Normal", SandboxChanged, "Pod sandbox changed, it will be killed and re-created.", "");
        await StopContainersAsync(TimeSpan.Zero, cancellationToken);
        ObserveExits();
        await DisposeSandboxAsync();
        _mounted.Clear();
        _privateDirectories.Clear();
        _memoryVolumesMounted = false;
        _temporaryDirectoriesMounted = false;
    }

    private static ContainerStateTerminated? Terminated(JsonObject? json)
    {
        if (json is null) return null;
        static DateTimeOffset Time(string? text) =>
            DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UnixEpoch;
        return new ContainerStateTerminated((int)(json.LongAt("exitCode") ?? 0), (int?)json.LongAt("signal"), json.StringAt("reason") ?? "",
            json.StringAt("message"), Time(json.StringAt("startedAt")), Time(json.StringAt("finishedAt")));
    }

    private JsonObject BuildStatus(JsonObject pod, List<JsonObject> inits, List<JsonObject> apps, RestartPolicy policy)
    {
        // One instant for the whole status: readiness depends on the time, and a container's ready must agree with the pod's Ready.
        var now = _context.Time.GetUtcNow();
        var initStatuses = inits.Select(c => ContainerStatus(c, _slots[c.StringAt("name")!], now)).ToList();
        var statuses = apps.Select(c => ContainerStatus(c, _slots[c.StringAt("name")!], now)).ToList();
        var phase = PodPhases.Compute(initStatuses, inits.Count, statuses, apps.Count, policy);
        var previousPhase = pod.StringAt("status", "phase");
        if (previousPhase is PodPhases.Succeeded or PodPhases.Failed) phase = previousPhase;
        // Reported only once the containers are stopped, never while they still run.
        var evicted = _evictionStopped ? _evictionMessage : null;
        if (evicted is not null) phase = PodPhases.Failed;

        var initialized = inits.All(c => _slots[c.StringAt("name")!].Succeeded);
        var unready = apps.Where(c => !_slots[c.StringAt("name")!].IsReady(now)).Select(c => c.StringAt("name")!).ToList();
        var incomplete = inits.Where(c => !_slots[c.StringAt("name")!].Succeeded).Select(c => c.StringAt("name")!).ToList();
        var terminal = phase is PodPhases.Succeeded or PodPhases.Failed;
        var conditions = new JsonArray
        {
            Condition("PodReadyToStartContainers", _sandbox is not null || terminal ? "True" : "False", null, null),
            Condition("Initialized", initialized ? "True" : "False", initialized ? null : "ContainersNotInitialized",
                initialized ? null : $"containers with incomplete status: [{string.Join(' ', incomplete)}]"),
            Condition("Ready", unready.Count == 0 ? "True" : "False", unready.Count == 0 ? null : terminal ? "PodCompleted" : "ContainersNotReady",
                unready.Count == 0 ? null : terminal ? null : $"containers with unready status: [{string.Join(' ', unready)}]"),
            Condition("ContainersReady", unready.Count == 0 ? "True" : "False", unready.Count == 0 ? null : terminal ? "PodCompleted" : "ContainersNotReady",
                unready.Count == 0 ? null : terminal ? null : $"containers with unready status: [{string.Join(' ', unready)}]"),
            Condition("PodScheduled", "True", null, null),
        };
        var ip = _context.HostIp;
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = conditions,
            ["hostIP"] = ip,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["podIP"] = ip,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["startTime"] = NodeHeartbeat.Time(_startTime),
            ["containerStatuses"] = new JsonArray(statuses.Select(s => (JsonNode)s).ToArray()),
        };
        if (evicted is not null)
        {
            status["reason"] = "Evicted";
            status["message"] = evicted;
            conditions.Add(Condition("DisruptionTarget", "True", "TerminationByKubelet", evicted));
        }
        if (inits.Count > 0) status["initContainerStatuses"] = new JsonArray(initStatuses.Select(s => (JsonNode)s).ToArray());
        var ephemeralStatuses = Containers(pod, "ephemeralContainers")
            .Select(c => _slots.TryGetValue(c.StringAt("name")!, out var slot) ? ContainerStatus(c, slot, now) : null).OfType<JsonObject>().ToArray();
        if (ephemeralStatuses.Length > 0) status["ephemeralContainerStatuses"] = new JsonArray(ephemeralStatuses);
        if (pod.StringAt("status", "qosClass") is { } qos) status["qosClass"] = qos;
        return status;
    }

    private JsonNode Condition(string type, string value, string? reason, string? message)
    {
        var key = type + "=" + value;
        if (!_transitions.TryGetValue(key, out var since))
        {
            since = _context.Time.GetUtcNow();
            foreach (var stale in _transitions.Keys.Where(k => k.StartsWith(type + "=", StringComparison.Ordinal)).ToList()) _transitions.Remove(stale);
            _transitions[key] = since;
        }
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = NodeHeartbeat.Time(since),
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }

    private JsonObject ContainerStatus(JsonObject container, ContainerSlot slot, DateTimeOffset now)
    {
        ContainerState state;
        if (slot.Running) state = slot.Process!.State;
        else if (slot.Waiting is { } waiting) state = waiting;
        else if (slot.Terminated is { } terminated) state = terminated;
        else state = new ContainerStateWaiting(slot.Init ? "PodInitializing" : !slot.Ephemeral && slot.Runs == 0 && _slots.Values.Any(s => s.Init && !s.Succeeded) ? "PodInitializing" : ContainerStateWaiting.ContainerCreating);
        var lastState = slot.Waiting is not null && slot.Terminated is { } lastRun ? lastRun : slot.LastTerminated;
        var status = new JsonObject
        {
            ["name"] = slot.Name,
            ["state"] = state.ToJson(),
            ["lastState"] = lastState?.ToJson() ?? new JsonObject(),
            // An ephemeral container serves nothing: Kubernetes reports it never ready.
            ["ready"] = slot.IsReady(now) && !slot.Ephemeral,
            ["restartCount"] = slot.RestartCount,
            ["image"] = container.StringAt("image") ?? "",
            ["imageID"] = "",
            ["started"] = slot.Started,
        };
        if (slot.Runs > 0) status["containerID"] = slot.ContainerId(Uid);
        return status;
    }

    private async Task WriteStatusAsync(JsonObject status, CancellationToken cancellationToken)
    {
        var text = status.ToJsonString();
        if (text == _lastStatus) return;
        var pod = _pod;
        for (var attempt = 0; ; attempt++)
        {
            var copy = (JsonObject)pod.DeepClone();
            copy["status"] = status.DeepClone();
            try
            {
                var written = await _context.Client.UpdateStatusAsync(ResourceTypes.Pod, copy, null, cancellationToken);
                _lastStatus = text;
                if (ObjectMeta.ResourceVersion(written) is { } rv && ObjectMeta.DeletionTimestamp(_pod) is null && ObjectMeta.DeletionTimestamp(written) is null)
                {
                    // Later writes start from what we wrote; the informer's copy may lag behind.
                    if (string.CompareOrdinal(ObjectMeta.ResourceVersion(_pod), rv) != 0) _pod = written;
                }
                return;
            }
            catch (ApiException e) when (e.IsConflict && attempt < 5)
            {
                pod = await _context.Client.GetAsync(ResourceTypes.Pod, Namespace, Name, cancellationToken);
                if (ObjectMeta.Uid(pod) != Uid) return;
                _pod = pod;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                return;
            }
        }
    }

    /// <summary>Records an event about the pod, or about one of its containers when <paramref name="container"/> is given, as the kubelet does.</summary>
    private void Event(string type, string reason, string message, string container)
    {
        var fieldPath = container.Length > 0 ? $"spec.{(_slots.TryGetValue(container, out var s) ? s.SpecField : "containers")}{{{container}}}" : null;
        _context.Events?.Record(KubeletEvents.Component, new InvolvedObject("v1", "Pod", Namespace, Name, Uid) { FieldPath = fieldPath }, type, reason, message);
    }
}
