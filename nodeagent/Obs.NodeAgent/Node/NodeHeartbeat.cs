using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Rest;
using Obs.NodeAgent.Agent;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Node;

/// <summary>
/// Registers the Node and keeps it current, as the kubelet's node status manager and lease
/// controller do: the Lease <c>kube-node-lease/N</c> is renewed every 10 s (what node lifecycle
/// reads as liveness), and the status is looked at every 10 s and written when a condition or
/// capacity changed, and at least once a minute.
/// </summary>
public sealed class NodeHeartbeat
{
    /// <summary>Annotation pinning the agent's serving certificate (SHA-256 of its DER), so the apiserver can verify a self-signed one.</summary>
    public const string ServingCertAnnotation = "obs.dev/agent-serving-cert-sha256";

    /// <summary>The node event when pods cannot have namespaces of their own (the agent is not root, say): they share the machine's /tmp.</summary>
    public const string NamespacesUnavailable = "NamespacesUnavailable";

    private readonly ApiClient _client;
    private readonly EventRecorder _events;
    private readonly NodeAgentOptions _options;
    private readonly RuntimeCapabilities _capabilities;
    private readonly string _address;
    private readonly int _port;
    private readonly string _certPin;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (NodeCondition Condition, DateTimeOffset Since)> _conditions = new();
    private string? _lastWritten;
    private DateTimeOffset _lastWrittenAt;

    public NodeHeartbeat(ApiClient client, EventRecorder events, NodeAgentOptions options, RuntimeCapabilities capabilities, string address, int port, string certPin, ILogger logger)
    {
        _client = client;
        _events = events;
        _options = options;
        _capabilities = capabilities;
        _address = address;
        _port = port;
        _certPin = certPin;
        _logger = logger;
        Machine = MachineInfo.Read(options.StateDirectory);
    }

    public MachineInfo Machine { get; }

    /// <summary>
    /// MemoryPressure, DiskPressure and PIDPressure as the eviction manager sees them against its
    /// configured thresholds; they replace the ones computed here against the defaults. Null (or
    /// nothing observed yet) keeps those.
    /// </summary>
    public Func<IReadOnlyList<NodeCondition>?>? PressureConditions { get; set; }

    /// <summary>Creates or updates the Node (labels, certificate pin) and writes its first status.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var name = _options.NodeName;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var node = await _client.TryGetAsync(ResourceTypes.Node, null, name, cancellationToken);
                if (node is null)
                {
                    node = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Node",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = name,
                            ["labels"] = NodeStatusBuilder.Labels(name, Machine),
                            ["annotations"] = new JsonObject { [ServingCertAnnotation] = _certPin, [StorageAnnotations.LocalPathRoot] = Volumes.ClaimVolume.LocalVolumeRoot(_options.StateDirectory) },
                        },
                        ["spec"] = new JsonObject(),
                    };
                    await _client.CreateAsync(ResourceTypes.Node, node, null, cancellationToken);
                }
                else
                {
                    var labels = node.Ensure("metadata", "labels");
                    foreach (var (key, value) in NodeStatusBuilder.Labels(name, Machine)) labels[key] = value?.DeepClone();
                    node.Ensure("metadata", "annotations")[ServingCertAnnotation] = _certPin;
                    node.Ensure("metadata", "annotations")[StorageAnnotations.LocalPathRoot] = Volumes.ClaimVolume.LocalVolumeRoot(_options.StateDirectory);
                    await _client.UpdateAsync(ResourceTypes.Node, node, null, cancellationToken);
                }
                break;
            }
            catch (ApiException e) when ((e.IsConflict || e.IsAlreadyExists) && attempt < 5)
            {
            }
        }
        var reference = NodeEvents.Reference(name);
        _events.Record("kubelet", reference, "Normal", "Starting", "Starting kubelet.");
        if (!_capabilities.IsolatesPods)
        {
            _events.Record("kubelet", reference, "Warning", NamespacesUnavailable,
                $"pods on this node share the machine's PID and mount namespaces, and with them /tmp and /var/tmp: {_capabilities.Namespaces.Reason}");
        }
        if (_capabilities.EnforcesLimits)
            _events.Record("kubelet", reference, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
        else
            _events.Record("kubelet", reference, "Warning", "CgroupsUnavailable", $"pods on this node run without resource limits: {_capabilities.Cgroups.Reason}");
        await ReportStatusAsync(force: true, cancellationToken);
        await RenewLeaseAsync(cancellationToken);
    }

    /// <summary>Runs the lease and status loops until cancelled; API errors are logged and retried on the next tick.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Loop(_options.LeaseRenewInterval, RenewLeaseAsync, cancellationToken),
        Loop(_options.StatusCheckInterval, ct => ReportStatusAsync(false, ct), cancellationToken));

    private async Task Loop(TimeSpan period, Func<CancellationToken, Task> tick, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _options.Time, cancellationToken);
                await tick(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
            {
                _logger.LogWarning(e, "node heartbeat failed; retrying");
            }
        }
    }

    public async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = MicroTime(_options.Time.GetUtcNow());
        var lease = await _client.TryGetAsync(ResourceTypes.Lease, "kube-node-lease", _options.NodeName, cancellationToken);
        if (lease is null)
        {
            await _client.CreateAsync(ResourceTypes.Lease, new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1",
                ["kind"] = "Lease",
                ["metadata"] = new JsonObject { ["name"] = _options.NodeName, ["namespace"] = "kube-node-lease" },
                ["spec"] = new JsonObject
                {
                    ["holderIdentity"] = _options.NodeName,
                    ["leaseDurationSeconds"] = _options.LeaseDurationSeconds,
                    ["renewTime"] = now,
                },
            }, null, cancellationToken);
            return;
        }
        var spec = lease.Ensure("spec");
        spec["holderIdentity"] = _options.NodeName;
        spec["leaseDurationSeconds"] = _options.LeaseDurationSeconds;
        spec["renewTime"] = now;
        await _client.UpdateAsync(ResourceTypes.Lease, lease, null, cancellationToken);
    }

    /// <summary>Writes the Node's status when it changed since the last write, or when the report interval passed.</summary>
    public async Task ReportStatusAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _options.Time.GetUtcNow();
        var status = NodeStatusBuilder.Status(Machine, _address, _port, _options.ReservedCpuMillis, _options.ReservedMemoryBytes, _options.MaxPods);
        var current = NodeStatusBuilder.Conditions(NodePressure.Read(_options.StateDirectory), _capabilities);
        if (PressureConditions?.Invoke() is { } pressure) current = [.. current.Select(c => pressure.FirstOrDefault(p => p.Type == c.Type) ?? c)];
        foreach (var condition in current)
        {
            if (!_conditions.TryGetValue(condition.Type, out var known) || known.Condition.Status != condition.Status)
            {
                _conditions[condition.Type] = (condition, now);
                NodeEvents.RecordTransition(_events, _options.NodeName, condition);
            }
            else
                _conditions[condition.Type] = (condition, known.Since);
        }
        var comparable = status.ToJsonString() + string.Join('|', current.Select(c => c.Type + c.Status + c.Reason));
        if (!force && comparable == _lastWritten && now - _lastWrittenAt < _options.StatusReportInterval) return;

        var conditions = new JsonArray();
        foreach (var condition in current)
        {
            // As a JsonNode, for the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection.
            conditions.Add((JsonNode)new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status,
                ["lastHeartbeatTime"] = Time(now),
                ["lastTransitionTime"] = Time(_conditions[condition.Type].Since),
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
            });
        }
        status["conditions"] = conditions;
        for (var attempt = 0; ; attempt++)
        {
            var node = await _client.GetAsync(ResourceTypes.Node, null, _options.NodeName, cancellationToken);
            var previous = node["status"] as JsonObject;
            // Fields other components write into the status (images, volumes) are kept.
            if (previous is not null)
            {
                foreach (var (key, value) in previous)
                {
                    if (!status.ContainsKey(key)) status[key] = value?.DeepClone();
                }
            }
            node["status"] = status.DeepClone();
            try
            {
                await _client.UpdateStatusAsync(ResourceTypes.Node, node, null, cancellationToken);
                break;
            }
            catch (ApiException e) when (e.IsConflict && attempt < 5)
            {
            }
        }
        _lastWritten = comparable;
        _lastWrittenAt = now;
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string MicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
