using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// How a Job ends, decided before it has ended: as Kubernetes 1.31+ does, the Job first gets
/// FailureTarget or SuccessCriteriaMet, its remaining pods are stopped, and only once none is
/// left running or terminating does it get Failed or Complete with the same reason and message.
/// </summary>
internal sealed record JobOutcome(bool Succeeded, string Reason, string Message)
{
    public string TargetType => Succeeded ? "SuccessCriteriaMet" : "FailureTarget";

    public string FinalType => Succeeded ? "Complete" : "Failed";

    public static JobOutcome Failure(string reason, string message) => new(false, reason, message);

    public static JobOutcome Success(string reason, string message) => new(true, reason, message);

    /// <summary>The outcome an earlier sync already wrote in <paramref name="status"/>; it stands even if the pods that led to it are gone.</summary>
    public static JobOutcome? Recorded(JsonObject status)
    {
        foreach (var condition in status["conditions"] as JsonArray ?? [])
        {
            if (condition.StringAt("status") != "True") continue;
            var type = condition.StringAt("type");
            if (type is "FailureTarget" or "SuccessCriteriaMet")
                return new JobOutcome(type == "SuccessCriteriaMet", condition.StringAt("reason") ?? "", condition.StringAt("message") ?? "");
        }
        return null;
    }

    /// <summary>Adds the target condition unless present, and the final one too when <paramref name="ended"/>.</summary>
    public void WriteTo(JsonObject status, bool ended, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        if (!conditions.Any(c => c.StringAt("type") == TargetType)) conditions.Add(Condition(TargetType, now));
        if (!ended) return;
        conditions.Add(Condition(FinalType, now));
        if (Succeeded) status["completionTime"] = PodState.Format(now);
    }

    private JsonObject Condition(string type, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = PodState.Format(now),
        ["lastTransitionTime"] = PodState.Format(now),
        ["reason"] = Reason,
        ["message"] = Message,
    };
}
