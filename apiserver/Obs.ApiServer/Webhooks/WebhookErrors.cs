using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Webhooks;

/// <summary>How a webhook's refusal or failure reaches the client, in kube-apiserver's words (webhookerrors).</summary>
internal static class WebhookErrors
{
    /// <summary>
    /// <c>admission webhook "NAME" denied the request: MESSAGE</c>, with the webhook's code (400 when it gave none
    /// or one below 400) and reason.
    /// </summary>
    public static ApiException Denied(string webhook, JsonObject? status)
    {
        var deniedBy = $"admission webhook \"{webhook}\" denied the request";
        var code = (int)(status?.LongAt("code") ?? 0);
        if (code < 400) code = 400;
        var reason = status?.StringAt("reason") ?? "";
        var message = status?.StringAt("message") is { Length: > 0 } text ? $"{deniedBy}: {text}"
            : reason.Length > 0 ? $"{deniedBy}: {reason}"
            : $"{deniedBy} without explanation";
        return new ApiException(code, reason, message, status?["details"] is JsonObject details ? details.DeepClone().AsObject() : null);
    }

    /// <summary>A webhook that failed with failurePolicy Fail refuses the write with 500 InternalError naming it.</summary>
    public static ApiException Failed(string webhook, string why) =>
        new(500, "InternalError", $"Internal error occurred: failed calling webhook \"{webhook}\": {why}");

    public static ApiException DryRunUnsupported(string webhook) =>
        ApiErrors.BadRequest($"admission webhook \"{webhook}\" does not support dry run");
}
