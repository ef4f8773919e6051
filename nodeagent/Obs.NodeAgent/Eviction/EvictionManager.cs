using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.NodeAgent.Node;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Eviction;

/// <summary>
/// Node-pressure eviction, as the kubelet's eviction manager does it with hard thresholds: every
/// monitoring interval the signals are measured; each threshold crossed raises its node condition
/// (MemoryPressure, DiskPressure, PIDPressure, held for the transition period); while one is crossed,
/// one pod is evicted per interval, picked by <see cref="EvictionRanking"/> among pods that are
/// neither static, mirror nor critical. The pod is stopped at once and left in the API as Failed with
/// reason Evicted, and an Evicted event says why.
/// The matching NoSchedule taints are not the agent's to write: as in Kubernetes, where the kubelet only
/// reports the condition, the controller manager's TaintNodesByCondition pass (NodeConditionTaintController)
/// puts them on and takes them off, so one writer owns them and their <c>timeAdded</c>. Nothing here needs
/// the taint first: the agent runs what is bound to it whatever the node's NoSchedule taints, and their one
/// reader, the scheduler, is fed by the same node updates as that controller.
/// </summary>
internal sealed class EvictionManager
{
    private static readonly string[] PressureConditions = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly PodWorkers _pods;
    private readonly EventRecorder _events;
    private readonly ISignalSource _signals;
    private readonly EvictionOptions _options;
    private readonly string _nodeName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PressureTracker _pressure;
    private volatile IReadOnlyList<NodeCondition>? _conditions;

    public EvictionManager(PodWorkers pods, EventRecorder events, ISignalSource signals, EvictionOptions options, string nodeName, TimeProvider time, ILogger logger)
    {
        _pods = pods;
        _events = events;
        _signals = signals;
        _options = options;
        _nodeName = nodeName;
        _time = time;
        _logger = logger;
        _pressure = new PressureTracker(options.PressureTransitionPeriod);
    }

    /// <summary>The three pressure conditions as last worked out; null before the first pass.</summary>
    public IReadOnlyList<NodeCondition>? Conditions => _conditions;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Sync();
                await Task.Delay(_options.MonitoringInterval, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException e)
            {
                // A signal could not be read this time (a file of /proc or the state directory's filesystem).
                _logger.LogWarning(e, "eviction pass failed; retrying");
                try { await Task.Delay(_options.MonitoringInterval, _time, cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>One pass: measure, set the conditions, evict at most one pod. Returns the evicted pod's key, if any.</summary>
    public string? Sync()
    {
        var now = _time.GetUtcNow();
        var observed = _signals.Observe();
        var met = _options.Thresholds
            .Where(t => observed.TryGetValue(t.Signal, out var o) && t.IsMet(o))
            .OrderBy(t => t.Signal)
            .ToList();
        var newlyMet = _pressure.Observe(met.Select(t => EvictionSignals.Condition(t.Signal)), now);
        var pressure = PressureConditions.Where(c => _pressure.InForce(c, now)).ToHashSet(StringComparer.Ordinal);
        _conditions = [.. PressureConditions.Select(c => Condition(c, pressure.Contains(c)))];
        foreach (var condition in newlyMet)
        {
            var resource = EvictionSignals.Resource(met.First(t => EvictionSignals.Condition(t.Signal) == condition).Signal);
            _events.Record("kubelet", NodeEvents.Reference(_nodeName), "Warning", "EvictionThresholdMet", $"Attempting to reclaim {resource}");
        }
        if (met.Count == 0) return null;

        var threshold0 = met[0];
        var candidates = _pods.All
            .Where(w => !w.Done.IsCompleted && !w.Evicted && ObjectMeta.DeletionTimestamp(w.Pod) is null
                && w.Pod.StringAt("status", "phase") is not ("Succeeded" or "Failed") && !PodUsageReader.IsCritical(w.Pod))
            .Select(w => (Worker: w, Candidate: PodUsageReader.Read(w)))
            .ToList();
        var ranked = EvictionRanking.Rank(candidates.Select(c => c.Candidate), threshold0.Signal);
        if (ranked.Count == 0)
        {
            _logger.LogWarning("eviction threshold {Threshold} met, but no pod can be evicted", threshold0);
            return null;
        }
        var victim = ranked[0];
        var worker = candidates.First(c => ReferenceEquals(c.Candidate, victim)).Worker;
        var message = EvictionMessage.For(victim, threshold0, observed[threshold0.Signal]);
        _logger.LogWarning("evicting pod {Pod}: {Message}", victim.Key, message);
        worker.Evict(message);
        _events.Record("kubelet", new InvolvedObject("v1", "Pod", worker.Namespace, worker.Name, ObjectMeta.Uid(victim.Pod)), "Warning", "Evicted", message);
        return victim.Key;
    }

    internal static NodeCondition Condition(string type, bool pressure) => (type, pressure) switch
    {
        ("MemoryPressure", true) => new(type, "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available"),
        ("MemoryPressure", false) => new(type, "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", true) => new(type, "True", "KubeletHasDiskPressure", "kubelet has disk pressure"),
        ("DiskPressure", false) => new(type, "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        (_, true) => new(type, "True", "KubeletHasInsufficientPID", "kubelet has insufficient PID available"),
        _ => new(type, "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    };
}
