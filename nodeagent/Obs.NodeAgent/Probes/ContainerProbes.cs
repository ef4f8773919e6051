using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Probes;

/// <summary>
/// The three probes of one running container, gated as the kubelet gates them: the startup
/// probe runs first, and liveness and readiness begin only once it has succeeded. Started,
/// Live and Ready are what containerStatuses[].started/ready and the restart decision need;
/// every probe run is passed to <c>onUpdate</c>.
/// </summary>
public sealed class ContainerProbes : IAsyncDisposable
{
    private readonly ProbeWorker? _startup;
    private readonly ProbeWorker? _liveness;
    private readonly ProbeWorker? _readiness;
    private readonly Action<ProbeUpdate> _onUpdate;
    private readonly TimeProvider _time;
    private int _gateOpened;
    private DateTimeOffset _startedAt;

    public ContainerProbes(JsonObject container, IProbeTarget target, TimeProvider time, Action<ProbeUpdate> onUpdate)
    {
        _time = time;
        _onUpdate = onUpdate;
        _startup = Worker(container, "startupProbe", ProbeKind.Startup, target);
        _liveness = Worker(container, "livenessProbe", ProbeKind.Liveness, target);
        _readiness = Worker(container, "readinessProbe", ProbeKind.Readiness, target);
    }

    private ProbeWorker? Worker(JsonObject container, string field, ProbeKind kind, IProbeTarget target) =>
        container[field] is JsonObject probe ? new ProbeWorker(kind, ProbeSpec.FromJson(probe), target, _time, OnUpdate) : null;

    /// <summary>The startup probe has succeeded, or there is none.</summary>
    public bool Started => Volatile.Read(ref _gateOpened) == 1;

    /// <summary>False once a liveness or startup failure is reported: the pod worker restarts the container.</summary>
    public bool Live => (_liveness is null || _liveness.Reported == ProbeResult.Success) && (_startup is null || _startup.Reported == ProbeResult.Success);

    /// <summary>Started, and the readiness probe reports success (or there is none).</summary>
    public bool Ready => Started && (_readiness is null || _readiness.Reported == ProbeResult.Success);

    public void Start(DateTimeOffset containerStartedAt)
    {
        _startedAt = containerStartedAt;
        if (_startup is null)
        {
            OpenGate();
        }
        else
        {
            _startup.Start(containerStartedAt);
        }
    }

    private void OnUpdate(ProbeUpdate update)
    {
        if (update.Kind == ProbeKind.Startup && update.Outcome.Result == ProbeResult.Success)
        {
            OpenGate();
        }
        _onUpdate(update);
    }

    // A startup probe's tracker starts out "success" as liveness does (so only failures are
    // reported); the gate opens on a real success.
    private void OpenGate()
    {
        if (Interlocked.Exchange(ref _gateOpened, 1) == 1)
        {
            return;
        }
        // Liveness and readiness count their initial delay from the container's start, as the kubelet does.
        _liveness?.Start(_startedAt);
        _readiness?.Start(_startedAt);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in new[] { _startup, _liveness, _readiness })
        {
            if (worker is not null)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
