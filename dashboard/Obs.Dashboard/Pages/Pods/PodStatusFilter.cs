using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Dashboard.Components.Lists;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>
/// The pod list's status filter: a phase, or what an operator hunts for across phases: pods not ready
/// (still running or starting, but not serving), and pods crash looping (a container waiting in
/// CrashLoopBackOff, whatever the pod's phase says).
/// </summary>
public static class PodStatusFilter
{
    public const string NotReady = "not-ready";
    public const string CrashLooping = "crash-looping";

    private static readonly string[] Phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

    public static readonly IReadOnlyList<StatusOption> Options =
    [
        .. Phases.Select(p => new StatusOption(p.ToLowerInvariant(), p)),
        new(NotReady, "Not ready"),
        new(CrashLooping, "Crash looping"),
    ];

    public static bool Matches(JsonObject pod, string? status) => status switch
    {
        null => true,
        NotReady => !Finished(pod) && !IsReady(pod),
        CrashLooping => Waiting(pod).Any(reason => reason == "CrashLoopBackOff"),
        _ => string.Equals(pod.StringAt("status", "phase") ?? "Unknown", status, StringComparison.OrdinalIgnoreCase),
    };

    // A pod that has run to its end is not "not ready": it is done.
    private static bool Finished(JsonObject pod) => pod.StringAt("status", "phase") is "Succeeded" or "Failed";

    private static bool IsReady(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True") == true;

    private static IEnumerable<string?> Waiting(JsonObject pod) =>
        new[] { "initContainerStatuses", "containerStatuses" }
            .SelectMany(list => (pod.At("status", list) as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(s => s.StringAt("state", "waiting", "reason"));
}
