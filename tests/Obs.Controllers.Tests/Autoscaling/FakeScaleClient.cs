using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Controllers.Autoscaling;

namespace Obs.Controllers.Tests.Autoscaling;

/// <summary>A target with a scale subresource, usage samples set by the test, and a record of every write.</summary>
internal sealed class FakeScaleClient : IScaleClient
{
    public int Replicas { get; set; }

    public bool TargetExists { get; set; } = true;

    /// <summary>The scale's <c>status.selector</c>, as the target's controller writes it.</summary>
    public string Selector { get; set; } = "app=web";

    public Dictionary<string, PodMetric> Metrics { get; set; } = [];

    public List<int> ScaledTo { get; } = [];

    public JsonObject? Status { get; private set; }

    public Task<JsonObject> GetScaleAsync(ResourceType target, string @namespace, string name, CancellationToken cancellationToken)
    {
        if (!TargetExists)
            throw new Obs.Client.Rest.ApiException(new JsonObject { ["kind"] = "Status", ["code"] = 404, ["reason"] = "NotFound", ["message"] = $"{target.GroupResource} \"{name}\" not found" });
        return Task.FromResult(new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = new JsonObject { ["replicas"] = Replicas },
            ["status"] = new JsonObject { ["replicas"] = Replicas, ["selector"] = Selector },
        });
    }

    public Task SetReplicasAsync(ResourceType target, JsonObject scale, int replicas, CancellationToken cancellationToken)
    {
        ScaledTo.Add(replicas);
        Replicas = replicas;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, PodMetric>> PodMetricsAsync(string @namespace, string labelSelector, string resource, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, PodMetric>>(Metrics);

    public Task UpdateStatusAsync(JsonObject hpa, CancellationToken cancellationToken)
    {
        Status = (JsonObject)hpa["status"]!.DeepClone();
        return Task.CompletedTask;
    }
}
