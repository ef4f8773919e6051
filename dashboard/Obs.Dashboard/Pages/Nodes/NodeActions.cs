using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>
/// Cordon, uncordon and drain, each made with the user's own API client and written as kubectl
/// writes it: <c>spec.unschedulable</c>, then one policy/v1 Eviction per pod so PodDisruptionBudgets
/// decide what may go now. Each returns the sentence to show; API errors are left to ActionOutcome.
/// </summary>
public sealed class NodeActions(ApiClient api)
{
    public async Task<string> SetUnschedulableAsync(string node, bool unschedulable)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = unschedulable } };
        await api.PatchAsync(ResourceTypes.Node, null, node, PatchType.Merge, patch);
        return unschedulable
            ? $"Node {node} cordoned: no new pods will be scheduled on it."
            : $"Node {node} uncordoned: pods may be scheduled on it again.";
    }

    /// <summary>
    /// Cordons the node, then asks for each pod of the plan to be evicted. A budget that allows no
    /// disruption now (429) leaves that pod where it is and says so: the user drains again once its
    /// replacement is ready, as kubectl would retry.
    /// </summary>
    public async Task<string> DrainAsync(string node, NodeDrainPlan plan)
    {
        await SetUnschedulableAsync(node, true);
        List<string> evicted = [], refused = [];
        foreach (var pod in plan.Evict)
        {
            var (ns, name) = (ObjectMeta.Namespace(pod) ?? "", ObjectMeta.Name(pod) ?? "");
            var eviction = new JsonObject
            {
                ["apiVersion"] = "policy/v1",
                ["kind"] = "Eviction",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            };
            try
            {
                await api.CreateSubresourceAsync(ResourceTypes.Pod, ns, name, "eviction", eviction);
                evicted.Add($"{ns}/{name}");
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                // Gone meanwhile: nothing left to evict.
            }
            catch (ApiException e) when (e.IsTooManyRequests)
            {
                refused.Add($"{ns}/{name} ({e.Message})");
            }
        }

        var parts = new List<string> { $"Node {node} cordoned; {Count(evicted.Count, "pod")} evicted{List(evicted)}." };
        if (refused.Count > 0) parts.Add($"Not evicted now, their disruption budgets allow no more: {string.Join("; ", refused)}. Drain again once their replacements are ready.");
        if (plan.Unmanaged.Count > 0) parts.Add($"Left in place because no controller would replace them (delete them yourself if they may go): {Names(plan.Unmanaged)}.");
        if (plan.DaemonSetPods.Count > 0) parts.Add($"DaemonSet pods stay: {Names(plan.DaemonSetPods)}.");
        return string.Join(" ", parts);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string List(List<string> names) => names.Count == 0 ? "" : ": " + string.Join(", ", names);

    private static string Names(IEnumerable<JsonObject> pods) => string.Join(", ", pods.Select(p => $"{ObjectMeta.Namespace(p)}/{ObjectMeta.Name(p)}"));
}
