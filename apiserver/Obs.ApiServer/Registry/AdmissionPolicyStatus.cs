using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Registry;

/// <summary>
/// A ValidatingAdmissionPolicy's status as Kubernetes' policy status controller writes it after each spec change:
/// <c>observedGeneration</c> and <c>typeChecking</c>. Obs sets it with the write itself (the policy is enforced from
/// the watch cache milliseconds later), and has no static type checker, so <c>typeChecking</c> carries no
/// expressionWarnings. Kubernetes sets no conditions, nor does Obs.
/// </summary>
public static class AdmissionPolicyStatus
{
    public static void Observe(JsonObject policy)
    {
        var status = policy["status"] as JsonObject ?? [];
        status["observedGeneration"] = ObjectMeta.Generation(policy);
        status["typeChecking"] ??= new JsonObject();
        policy["status"] = status;
    }
}
