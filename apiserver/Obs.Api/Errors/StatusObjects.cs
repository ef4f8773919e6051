using System.Text.Json.Nodes;

namespace Obs.Api.Errors;

/// <summary>Builds <c>meta/v1 Status</c> objects, the body of every error (the apiserver's and the node agent's) and of some successful deletes.</summary>
public static class StatusObjects
{
    /// <summary>A failure; <paramref name="details"/> is left out when null, as Kubernetes omits it.</summary>
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }

    public static JsonObject Success(string? name = null, string? group = null, string? kind = null, string? uid = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (name is not null)
        {
            status["details"] = new JsonObject { ["name"] = name, ["group"] = group ?? "", ["kind"] = kind, ["uid"] = uid };
        }
        return status;
    }
}
