using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Client.Rest;

/// <summary>
/// An error answer from the apiserver, carrying its <c>meta/v1 Status</c>: callers test the
/// reason (<see cref="IsNotFound"/>, <see cref="IsConflict"/>…) rather than message text.
/// </summary>
public class ApiException : Exception
{
    public ApiException(JsonObject status) : base(status.StringAt("message") ?? "the server returned an error")
    {
        Status = status;
        Code = (int)(status.LongAt("code") ?? 500);
        Reason = status.StringAt("reason") is { Length: > 0 } reason ? reason : ReasonFor(Code);
    }

    public JsonObject Status { get; }

    public int Code { get; }

    /// <summary>The Status reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Expired</c>…).</summary>
    public string Reason { get; }

    public JsonObject? Details => Status["details"] as JsonObject;

    public bool IsNotFound => Reason == "NotFound";
    public bool IsAlreadyExists => Reason == "AlreadyExists";
    public bool IsConflict => Reason == "Conflict";
    public bool IsInvalid => Reason == "Invalid";
    public bool IsBadRequest => Reason == "BadRequest";
    public bool IsUnauthorized => Reason == "Unauthorized";
    public bool IsForbidden => Reason == "Forbidden";
    public bool IsMethodNotSupported => Reason == "MethodNotAllowed";
    public bool IsTooManyRequests => Reason == "TooManyRequests" || Code == 429;
    public bool IsServiceUnavailable => Reason == "ServiceUnavailable" || Code == 503;
    public bool IsTimeout => Reason is "Timeout" or "ServerTimeout" || Code == 504;

    /// <summary>410: the resourceVersion (or continue token) is older than the server remembers; re-list.</summary>
    public bool IsResourceExpired => Reason is "Expired" or "Gone" || Code == 410;

    /// <summary>An exception for a Status object; a 410 becomes <see cref="ResourceExpiredException"/>.</summary>
    public static ApiException FromStatus(JsonObject status)
    {
        var code = status.LongAt("code");
        var reason = status.StringAt("reason");
        return code == 410 || reason is "Expired" or "Gone" ? new ResourceExpiredException(status) : new ApiException(status);
    }

    /// <summary>An exception for an HTTP error answer: its Status body, or one made up as client-go does for bodies that are not one.</summary>
    public static ApiException FromResponse(HttpStatusCode code, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj && obj.StringAt("kind") == "Status")
            {
                obj["code"] ??= (int)code;
                return FromStatus(obj);
            }
        }
        catch (JsonException)
        {
        }
        return FromStatus(new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = body.Length > 0 ? body.Trim() : $"the server responded with status {(int)code}",
            ["reason"] = ReasonFor((int)code),
            ["code"] = (int)code,
        });
    }

    /// <summary>The reason Kubernetes gives each code when a body does not say.</summary>
    private static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Expired",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };
}
