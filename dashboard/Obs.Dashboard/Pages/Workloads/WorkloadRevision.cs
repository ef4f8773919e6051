using System.Text.Json.Nodes;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>One revision of a workload: its number, the object that holds it (a ReplicaSet or ControllerRevision), its images, and whether it is the one running.</summary>
public sealed record WorkloadRevision(long Number, JsonObject Holder, IReadOnlyList<string> Images, bool Current);
