namespace Obs.Api.Printing;

/// <summary>
/// The fields of a Pod its <c>kubectl get pods</c> row is computed from, read from the Pod's bytes in one
/// pass (<see cref="PodSummaryReader"/>). A missing or mistyped field holds its zero value, as the lenient
/// tree reads give it. Lists are shared empty ones until the Pod has entries (most have no init containers or gates).
/// </summary>
internal sealed class PodSummary
{
    public string Name { get; set; } = "";
    public string CreationTimestamp { get; set; } = "";
    public string DeletionTimestamp { get; set; } = "";

    public string NodeName { get; set; } = "";

    /// <summary>How many objects spec.containers holds.</summary>
    public int Containers { get; set; }

    public IReadOnlyList<(string Name, string RestartPolicy)> InitContainers { get; set; } = [];

    /// <summary>The conditionType of each of spec.readinessGates.</summary>
    public IReadOnlyList<string> ReadinessGates { get; set; } = [];

    public string Phase { get; set; } = "";
    public string Reason { get; set; } = "";
    public string PodIP { get; set; } = "";

    /// <summary>The ip of the first object in status.podIPs; null when there is none.</summary>
    public string? FirstPodIP { get; set; }

    public string NominatedNodeName { get; set; } = "";
    public IReadOnlyList<(string Type, string Status, string Reason)> Conditions { get; set; } = [];
    public IReadOnlyList<ContainerStatusSummary> InitContainerStatuses { get; set; } = [];
    public IReadOnlyList<ContainerStatusSummary> ContainerStatuses { get; set; } = [];

    public bool HasTrueCondition(string type)
    {
        foreach (var condition in Conditions)
        {
            if (condition.Type == type && condition.Status == "True") return true;
        }
        return false;
    }
}
