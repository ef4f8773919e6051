using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>The Kubernetes errors, with the reasons, codes and message texts kubectl users know.</summary>
public static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", Details(type, name));

    public static ApiException NamespaceNotFound(string name) =>
        new(404, "NotFound", $"namespaces \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = "namespaces" });

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {why}", Details(type, name));

    /// <summary>An admission step's refusal of one object: 403 with "RESOURCE \"NAME\" is forbidden: WHY".</summary>
    public static ApiException Forbidden(ResourceType type, string? name, string why) =>
        new(403, "Forbidden", $"{type.GroupResource} \"{name}\" is forbidden: {why}", Details(type, name ?? ""));

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var details = Details(type, name);
        details["kind"] = type.Kind;
        return InvalidWith($"{type.GroupKind}", name, details, errors);
    }

    /// <summary>Request options Kubernetes rejects as a whole (<c>ListOptions.meta.k8s.io "" is invalid</c>), with a cause per field.</summary>
    public static ApiException InvalidOptions(string kind, IReadOnlyList<FieldError> errors) =>
        InvalidWith($"{kind}.meta.k8s.io", "", new JsonObject { ["name"] = "", ["group"] = "meta.k8s.io", ["kind"] = kind }, errors);

    private static ApiException InvalidWith(string groupKind, string name, JsonObject details, IReadOnlyList<FieldError> errors)
    {
        details["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            // As Kubernetes' StatusCause: the body apart from the field (kubectl prints "field: message").
            ["message"] = e.Body,
            ["field"] = e.Field,
        }).ToArray());
        var list = errors.Count == 1 ? errors[0].Message : "[" + string.Join(", ", errors.Select(e => e.Message)) + "]";
        return new ApiException(422, "Invalid", $"{groupKind} \"{name}\" is invalid: {list}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotSupported(string verb, string what) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb} {what})");

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got \"{contentType}\")");

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"the request body is too large: limit is {limit} bytes");

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);

    /// <summary>
    /// A path that names nothing served. Its details are present and empty, as Kubernetes' are: kubectl
    /// tells this 404 from a missing object by them (kubectl debug dereferences them, and crashed on none).
    /// </summary>
    public static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException Timeout(string message) => new(504, "Timeout", message);

    private static JsonObject Details(ResourceType type, string name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group,
        ["kind"] = type.Plural,
    };
}
