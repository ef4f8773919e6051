using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// Says that ingress ports could not be bound, and that they were later: one sentence per port for the agent's
/// log (<see cref="IngressOptions.Report"/>) and a Warning (then Normal) event on the node, which
/// <c>kubectl describe node</c> and <c>kubectl get events</c> show, so a user learns why the Ingress does not answer.
/// </summary>
internal sealed class IngressPortEvents : IAsyncDisposable
{
    public const string Component = "ingress-proxy";
    public const string UnavailableReason = "IngressPortUnavailable";
    public const string ListeningReason = "IngressPortListening";

    private readonly Action<string>? _report;
    private readonly EventRecorder? _recorder;
    private readonly InvolvedObject? _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing = Task.CompletedTask;

    public IngressPortEvents(Action<string>? report, ApiClient? events, string? nodeName)
    {
        _report = report;
        if (events is null || string.IsNullOrEmpty(nodeName)) return;
        // The kubelet's node events name the node as its own uid; kubectl describe node matches them so.
        _node = new InvolvedObject("v1", "Node", null, nodeName, nodeName);
        _recorder = new EventRecorder(events, nodeName);
        _writing = Task.Run(() => _recorder.RunAsync(_stop.Token));
    }

    /// <param name="failed">Ports that could not be bound this time and could at the last try (or were never tried), with the reason.</param>
    /// <param name="recovered">Ports bound this time that could not be at the last try.</param>
    public void Report(IEnumerable<(ListenerKey Key, bool Tls, string Reason)> failed, IEnumerable<(ListenerKey Key, bool Tls)> recovered)
    {
        foreach (var port in failed.GroupBy(f => (f.Key.Port, f.Tls)))
        {
            var (number, tls) = port.Key;
            var reasons = string.Join("; ", port.Select(f => f.Reason).Distinct(StringComparer.Ordinal));
            var hint = number < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "";
            Say(UnavailableReason, "Warning",
                $"ingress {Scheme(tls)} port {number} is not served on {Addresses(port.Select(f => f.Key))}: {reasons}{hint}; " +
                $"the agent runs on without it and tries again (obs agent --ingress-{Scheme(tls)}-port chooses another, 0 none)");
        }
        foreach (var port in recovered.GroupBy(r => (r.Key.Port, r.Tls)))
        {
            Say(ListeningReason, "Normal", $"ingress {Scheme(port.Key.Tls)} port {port.Key.Port} is served on {Addresses(port.Select(r => r.Key))} now");
        }
    }

    private void Say(string reason, string type, string message)
    {
        _report?.Invoke(message);
        if (_recorder is not null) _recorder.Record(Component, _node!, type, reason, message);
    }

    private static string Scheme(bool tls) => tls ? "https" : "http";

    private static string Addresses(IEnumerable<ListenerKey> keys) => string.Join(", ", keys.Select(k => k.Address.ToString()).Distinct(StringComparer.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _writing;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
