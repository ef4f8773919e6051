using System.Text.Json.Nodes;
using Obs.Dashboard.Components.Lists;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// The workload lists' status filter: by the tone of <see cref="WorkloadHealth"/>'s verdict, so one word
/// means the same for every kind (a failed Job and a Deployment past its deadline are both degraded; a
/// paused Deployment and a suspended CronJob are both paused).
/// </summary>
public static class WorkloadStatusFilter
{
    public static readonly IReadOnlyList<StatusOption> Options =
    [
        new("healthy", "Healthy"),
        new("progressing", "Progressing"),
        new("degraded", "Degraded"),
        new("paused", "Paused or suspended"),
    ];

    /// <summary>Whether <paramref name="obj"/> has the status <paramref name="status"/> (everything does when it is null).</summary>
    public static bool Matches(WorkloadKind kind, JsonObject obj, string? status) =>
        status is null || ValueOf(WorkloadHealth.Of(kind, obj).Tone) == status;

    private static string ValueOf(StatusTone tone) => tone switch
    {
        StatusTone.Healthy => "healthy",
        StatusTone.Progressing => "progressing",
        StatusTone.Degraded => "degraded",
        _ => "paused",
    };
}
