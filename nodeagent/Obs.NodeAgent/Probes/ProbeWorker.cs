namespace Obs.NodeAgent.Probes;

/// <summary>
/// Probes one container with one probe over time: waits initialDelaySeconds after the container
/// started, then runs the handler every periodSeconds with timeoutSeconds, feeding a
/// <see cref="ProbeTracker"/>, and calls <c>onUpdate</c> after every run. The pod worker acts on
/// updates with Changed set: liveness failure restarts the container, readiness drives Ready,
/// startup success lets the other two begin. Time comes from a TimeProvider so tests drive it.
/// </summary>
public sealed class ProbeWorker : IAsyncDisposable
{
    private readonly ProbeKind _kind;
    private readonly ProbeSpec _spec;
    private readonly IProbeTarget _target;
    private readonly TimeProvider _time;
    private readonly Action<ProbeUpdate> _onUpdate;
    private readonly ProbeTracker _tracker;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ProbeWorker(ProbeKind kind, ProbeSpec spec, IProbeTarget target, TimeProvider time, Action<ProbeUpdate> onUpdate)
    {
        _kind = kind;
        _spec = spec;
        _target = target;
        _time = time;
        _onUpdate = onUpdate;
        _tracker = new ProbeTracker(kind, kind == ProbeKind.Readiness ? spec.SuccessThreshold : 1, spec.FailureThreshold);
    }

    public ProbeKind Kind => _kind;

    /// <summary>The result the pod worker should act on now.</summary>
    public ProbeResult Reported => _tracker.Reported;

    /// <summary>Starts probing; <paramref name="containerStartedAt"/> anchors initialDelaySeconds.</summary>
    public void Start(DateTimeOffset containerStartedAt)
    {
        _loop ??= Task.Run(() => RunAsync(containerStartedAt, _stop.Token));
    }

    private async Task RunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        try
        {
            var wait = startedAt + _spec.InitialDelay - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            while (!cancellationToken.IsCancellationRequested)
            {
                var outcome = await HandlerRunner.RunAsync(_spec.Handler, _target, _spec.Timeout, cancellationToken);
                var changed = _tracker.Record(outcome.Result);
                _onUpdate(new ProbeUpdate(_kind, outcome, _tracker.Reported, changed, _time.GetUtcNow()));
                await Task.Delay(_spec.Period, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
    }
}
