using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// What the HPA controller reads and writes besides its informers: the target's <c>/scale</c>,
/// the pods' usage from metrics.k8s.io, and the HPA's status. A sync test swaps in a fake.
/// </summary>
public interface IScaleClient
{
    Task<JsonObject> GetScaleAsync(ResourceType target, string @namespace, string name, CancellationToken cancellationToken);

    Task SetReplicasAsync(ResourceType target, JsonObject scale, int replicas, CancellationToken cancellationToken);

    /// <summary>Pod name to its usage of <paramref name="resource"/> summed over its containers.</summary>
    Task<IReadOnlyDictionary<string, PodMetric>> PodMetricsAsync(string @namespace, string labelSelector, string resource, CancellationToken cancellationToken);

    Task UpdateStatusAsync(JsonObject hpa, CancellationToken cancellationToken);
}
