using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Http;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>How a policy's refusal or a binding's misconfiguration reaches the client, in kube-apiserver's words.</summary>
internal static class PolicyErrors
{
    /// <summary>
    /// <c>RESOURCE "NAME" is forbidden: ValidatingAdmissionPolicy 'P' with binding 'B' denied request: MESSAGE</c>, with the
    /// validation's reason and its code (Invalid 422 by default, Forbidden 403, Unauthorized 401, RequestEntityTooLarge
    /// 413) and the message as a cause, so kubectl prints an Invalid one as <c>The RESOURCE "NAME" is invalid: : MESSAGE</c>.
    /// </summary>
    public static ApiException Denied(AdmissionAttributes request, string policy, string binding, PolicyEvaluation.Failure failure)
    {
        var message = $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {failure.Message}";
        var resource = request.Type.GroupResource;
        var name = request.Name.Length > 0 ? request.Name : ObjectMeta.Name(request.Object) ?? "";
        var details = new JsonObject();
        if (name.Length > 0) details["name"] = name;
        if (request.Type.Group.Length > 0) details["group"] = request.Type.Group;
        details["kind"] = request.Type.Plural;
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var code = failure.Reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        var text = name.Length > 0 ? $"{resource} \"{name}\" is forbidden: {message}" : $"{resource} is forbidden: {message}";
        return new ApiException(code, failure.Reason, text, details);
    }

    /// <summary>Bindings that could not be applied under failurePolicy Fail: a 500 with their errors, as kube-apiserver answers a plugin's plain error.</summary>
    public static ApiException Misconfigured(IReadOnlyList<string> errors) =>
        new(500, "InternalError", errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
}
