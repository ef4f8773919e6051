using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Jobs;

/// <summary>
/// A Job's failed pods as its pod failure policy judges them, each on its own status every sync.
/// A failure a rule ignores counts neither against backoffLimit nor in <c>status.failed</c>, nor
/// delays the pods that replace it. Counting itself is <see cref="PodTracking"/>'s: a failed pod
/// counts once, when its tracking finalizer is lifted, and stays counted after it is gone.
/// </summary>
internal sealed class PodFailures
{
    private readonly Dictionary<JsonObject, PolicyMatch?> _matches;

    private PodFailures(Dictionary<JsonObject, PolicyMatch?> matches) => _matches = matches;

    public static PodFailures Of(JsonObject job, IEnumerable<JsonObject> pods) => new(
        pods.Where(p => p.StringAt("status", "phase") == "Failed")
            .ToDictionary<JsonObject, JsonObject, PolicyMatch?>(p => p, p => PodFailurePolicy.Match(job, p), ReferenceEqualityComparer.Instance));

    /// <summary>The action a rule took on <paramref name="pod"/>; null when the pod did not fail or no rule matched.</summary>
    public string? ActionOf(JsonObject pod) => _matches.GetValueOrDefault(pod)?.Action;

    public bool IsIgnored(JsonObject pod) => ActionOf(pod) == PodFailurePolicy.Ignore;

    /// <summary>The earliest failure a FailJob rule matched, which fails the whole Job.</summary>
    public PolicyMatch? FailJob => _matches
        .Where(m => m.Value?.Action == PodFailurePolicy.FailJob)
        .OrderBy(m => PodFailureBackoff.FinishedAt(m.Key))
        .Select(m => m.Value)
        .FirstOrDefault();
}
