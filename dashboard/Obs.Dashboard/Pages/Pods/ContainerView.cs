using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>
/// One container of a pod as its page shows it: the spec (image, probes, requests and limits) joined
/// with its status (state, ready, restarts, and why the last instance ended).
/// </summary>
public sealed record ContainerView(
    string Name,
    string Image,
    bool Init,
    string State,
    string? StateDetail,
    bool Ready,
    long Restarts,
    string? LastTermination,
    IReadOnlyList<(string Kind, string Text)> Probes,
    string Requests,
    string Limits)
{
    public static IReadOnlyList<ContainerView> Of(JsonObject pod)
    {
        var views = new List<ContainerView>();
        Add(views, pod, "initContainers", "initContainerStatuses", init: true);
        Add(views, pod, "containers", "containerStatuses", init: false);
        return views;
    }

    private static void Add(List<ContainerView> views, JsonObject pod, string specKey, string statusKey, bool init)
    {
        var statuses = (pod.At("status", statusKey) as JsonArray)?.OfType<JsonObject>().ToDictionary(s => s.StringAt("name") ?? "") ?? [];
        foreach (var container in (pod.At("spec", specKey) as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = container.StringAt("name") ?? "";
            statuses.TryGetValue(name, out var status);
            var (state, detail) = StateOf(status?["state"]);
            var probes = new List<(string, string)>();
            foreach (var kind in new[] { "liveness", "readiness", "startup" })
            {
                if (container[kind + "Probe"] is { } probe) probes.Add((kind, ProbeText.Format(probe)));
            }
            views.Add(new ContainerView(
                name,
                container.StringAt("image") ?? "",
                init,
                state,
                detail,
                status?.BoolAt("ready") == true,
                status?.LongAt("restartCount") ?? 0,
                Termination(status?.At("lastState", "terminated")),
                probes,
                Resources(container.At("resources", "requests")),
                Resources(container.At("resources", "limits"))));
        }
    }

    private static (string State, string? Detail) StateOf(JsonNode? state)
    {
        if (state?["running"] is { } running) return ("Running", $"since {running.StringAt("startedAt")}");
        if (state?["waiting"] is { } waiting) return ($"Waiting: {waiting.StringAt("reason") ?? "unknown"}", waiting.StringAt("message"));
        if (state?["terminated"] is { } terminated) return ($"Terminated: {terminated.StringAt("reason") ?? "unknown"}", Termination(terminated));
        return ("Not started", null);
    }

    private static string? Termination(JsonNode? terminated) => terminated is null
        ? null
        : $"{terminated.StringAt("reason") ?? "Terminated"}, exit code {terminated.LongAt("exitCode") ?? 0}" +
          (terminated.StringAt("finishedAt") is { } finished ? $", at {finished}" : "") +
          (terminated.StringAt("message") is { Length: > 0 } message ? $": {message}" : "");

    private static string Resources(JsonNode? values)
    {
        var entries = values.StringMap().Select(e => $"{e.Key} {e.Value}").ToList();
        return entries.Count == 0 ? "none" : string.Join(", ", entries);
    }
}
