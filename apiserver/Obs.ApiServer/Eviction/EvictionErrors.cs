using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Eviction;

/// <summary>The answers kube-apiserver gives an eviction the disruption budgets refuse, with its texts.</summary>
public static class EvictionErrors
{
    public const string Refused = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>policyv1.DisruptionBudgetCause: the cause kubectl drain and other clients look for.</summary>
    public const string DisruptionBudgetCause = "DisruptionBudget";

    /// <summary>429: the budget allows no disruption now; the client retries later (kubectl drain after 5 s).</summary>
    public static ApiException TooManyRequests(string causeMessage, int retryAfterSeconds = 0)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = DisruptionBudgetCause, ["message"] = causeMessage }),
        };
        if (retryAfterSeconds > 0) details["retryAfterSeconds"] = retryAfterSeconds;
        return new ApiException(429, "TooManyRequests", Refused, details);
    }

    /// <summary>429 while the disruption controller has not yet seen the budget's latest spec.</summary>
    public static ApiException NotYetProcessed(string budget) =>
        TooManyRequests($"The disruption budget {budget} is still being processed by the server.", retryAfterSeconds: 10);

    /// <summary>403 for a budget whose status cannot be trusted.</summary>
    public static ApiException Forbidden(string budget, string why) =>
        new(403, "Forbidden", $"poddisruptionbudgets.policy \"{budget}\" is forbidden: {why}",
            new JsonObject { ["name"] = budget, ["group"] = "policy", ["kind"] = "poddisruptionbudgets" });

    /// <summary>
    /// Kubernetes answers this with a 500 Status: the eviction subresource cannot tell which of
    /// several budgets to charge, and the pods' owner has to fix the overlap.
    /// </summary>
    public static ApiException MoreThanOneBudget() =>
        new(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
}
