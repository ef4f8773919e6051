using Obs.Api.Resources;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// One kind of workload the dashboard lists: its URL segment, its resource, which actions apply to
/// it, and what its three count columns mean (a Job counts completions, not replicas).
/// </summary>
public sealed record WorkloadKind(string Slug, string Title, ResourceType Type, string[] CountHeadings)
{
    /// <summary>Has a scale subresource (Deployment, ReplicaSet, StatefulSet).</summary>
    public bool Scalable { get; init; }

    /// <summary>Rolls its pods on a template change, so "restart" applies (Deployment, StatefulSet, DaemonSet).</summary>
    public bool Restartable { get; init; }

    public string Singular => Type.Kind;

    public string ListPath => "/workloads/" + Slug;

    public string DetailPath(string @namespace, string name) => $"{ListPath}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}";
}
