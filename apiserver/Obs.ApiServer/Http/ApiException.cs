using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.ApiServer.Http;

/// <summary>
/// A request that ends in a Kubernetes <c>Status</c> error. Thrown anywhere in request handling;
/// the dispatcher writes the Status with its HTTP code.
/// </summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details);
}
