using System.Diagnostics.Metrics;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The agent's own instruments at <c>/metrics</c>, named as the kubelet names them so the
/// kubernetes-mixin's kubelet panels and alerts read them: the node's name, running pods and
/// containers by state.
/// </summary>
internal sealed class AgentInstruments : IDisposable
{
    private readonly Meter _meter;

    public AgentInstruments(string nodeName, PodWorkers pods)
    {
        // One meter per agent, so that several agents in one process each export only their own.
        MeterName = $"Obs.NodeAgent.{Guid.NewGuid():N}";
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("kubelet_node_name", () => new Measurement<long>(1, new KeyValuePair<string, object?>("node", nodeName)),
            description: "The node's name. The count is always 1.");
        _meter.CreateObservableGauge("kubelet_running_pods", () => (long)pods.All.Count(p => p.Sandbox is not null),
            description: "Number of pods that have a running pod sandbox");
        _meter.CreateObservableGauge("kubelet_running_containers", () => RunningContainers(pods),
            description: "Number of containers currently running");
    }

    public string MeterName { get; }

    private static IEnumerable<Measurement<long>> RunningContainers(PodWorkers pods)
    {
        long running = 0, exited = 0;
        foreach (var worker in pods.All)
        {
            foreach (var name in ContainerNames(worker))
            {
                if (worker.Container(name) is not { Process: { } process }) continue;
                if (process.Exited.IsCompleted) exited++;
                else running++;
            }
        }
        yield return new Measurement<long>(running, new KeyValuePair<string, object?>("container_state", "running"));
        yield return new Measurement<long>(exited, new KeyValuePair<string, object?>("container_state", "exited"));
    }

    // Init containers too: the kubelet counts every container the runtime holds, and a finished init container is an exited one.
    private static IEnumerable<string> ContainerNames(PodWorker worker) =>
        new[] { "initContainers", "containers" }.SelectMany(field => worker.Pod["spec"]?[field] as System.Text.Json.Nodes.JsonArray ?? [])
            .Select(c => c?["name"]?.GetValue<string>()).OfType<string>();

    public void Dispose() => _meter.Dispose();
}
