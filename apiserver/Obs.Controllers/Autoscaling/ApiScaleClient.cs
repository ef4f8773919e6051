using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Autoscaling;

/// <summary><see cref="IScaleClient"/> over the API, as kube-controller-manager reaches the scale subresource and metrics.k8s.io.</summary>
internal sealed class ApiScaleClient(ApiClient client) : IScaleClient
{
    private static readonly ResourceType PodMetrics = new("metrics.k8s.io", "v1beta1", "PodMetrics", "pods", "", true, [], [], []);

    public Task<JsonObject> GetScaleAsync(ResourceType target, string @namespace, string name, CancellationToken cancellationToken) =>
        client.GetScaleAsync(target, @namespace, name, cancellationToken);

    public async Task SetReplicasAsync(ResourceType target, JsonObject scale, int replicas, CancellationToken cancellationToken)
    {
        var update = (JsonObject)scale.DeepClone();
        update.Ensure("spec")["replicas"] = replicas;
        await client.ReplaceSubresourceAsync(target, ObjectMeta.Namespace(scale), ObjectMeta.Name(scale)!, "scale", update, null, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PodMetric>> PodMetricsAsync(string @namespace, string labelSelector, string resource, CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(PodMetrics, @namespace, new ListOptions { LabelSelector = labelSelector }, cancellationToken);
        var metrics = new Dictionary<string, PodMetric>();
        foreach (var item in list.Items)
        {
            long total = 0;
            var complete = true;
            foreach (var container in (item["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (Quantity.TryFromJson(container.At("usage", resource), out var used, out _)) total += used.MilliValue;
                else complete = false;
            }
            var at = DateTimeOffset.TryParse(item.StringAt("timestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
            var window = item.StringAt("window") is { } w && w.EndsWith('s') && double.TryParse(w[..^1], System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(15);
            if (complete && ObjectMeta.Name(item) is { } name) metrics[name] = new PodMetric(total, at, window);
        }
        return metrics;
    }

    public async Task UpdateStatusAsync(JsonObject hpa, CancellationToken cancellationToken) =>
        await client.UpdateStatusAsync(ResourceTypes.HorizontalPodAutoscaler, hpa, null, cancellationToken);
}
