using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.Api.Schema;

/// <summary>
/// Writes the <c>paths</c> of a resource. kubectl reads them to decide that the server validates
/// fields itself: it looks for a <c>patch</c> operation carrying the kind's
/// <c>x-kubernetes-group-version-kind</c> and a <c>fieldValidation</c> query parameter.
/// </summary>
internal static class OpenApiPathWriter
{
    public const string PatchSchemaName = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <param name="objectName">The component name of the resource's kind.</param>
    /// <param name="listName">The component name of its list kind.</param>
    public static IEnumerable<(string Path, JsonObject Item)> For(ResourceType resource, string objectName, string listName)
    {
        var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        var scope = resource.Namespaced ? "Namespaced" : "";
        var id = OperationGroup(resource.Group) + Capitalize(resource.Version) + scope + resource.Kind;
        var tag = OperationTag(resource);
        var gvk = new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version };
        JsonObject ObjectRef() => Content(objectName);

        var collectionItem = new JsonObject
        {
            ["get"] = Operation(tag, "list" + id, $"list or watch objects of kind {resource.Kind}", "list", gvk,
                [Query("labelSelector"), Query("fieldSelector"), Query("limit", "integer"), Query("continue"), Query("resourceVersion"), Query("watch", "boolean")],
                null, Content(listName)),
            ["post"] = Operation(tag, "create" + id, $"create a {resource.Kind}", "post", gvk,
                [Query("dryRun"), Query("fieldManager"), FieldValidation()],
                ObjectRef(), ObjectRef()),
            ["parameters"] = PathParameters(resource.Namespaced, named: false),
        };
        yield return (collection, collectionItem);

        var item = new JsonObject
        {
            ["get"] = Operation(tag, "read" + id, $"read the specified {resource.Kind}", "get", gvk, [], null, ObjectRef()),
            ["put"] = Operation(tag, "replace" + id, $"replace the specified {resource.Kind}", "put", gvk,
                [Query("dryRun"), Query("fieldManager"), FieldValidation()], ObjectRef(), ObjectRef()),
            ["patch"] = Operation(tag, "patch" + id, $"partially update the specified {resource.Kind}", "patch", gvk,
                [Query("dryRun"), Query("fieldManager"), FieldValidation(), Query("force", "boolean")],
                PatchBody(strategic: resource.Custom is null), ObjectRef()),
            ["delete"] = Operation(tag, "delete" + id, $"delete a {resource.Kind}", "delete", gvk,
                [Query("dryRun"), Query("gracePeriodSeconds", "integer"), Query("propagationPolicy")],
                Content("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"), ObjectRef()),
            ["parameters"] = PathParameters(resource.Namespaced, named: true),
        };
        yield return ($"{collection}/{{name}}", item);
    }

    /// <summary><c>apps</c> → <c>Apps</c>, <c>rbac.authorization.k8s.io</c> → <c>RbacAuthorization</c>, core → <c>Core</c>.</summary>
    private static string OperationGroup(string group)
    {
        if (group.Length == 0) return "Core";
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(trimmed.Split('.').Select(Capitalize));
    }

    private static string OperationTag(ResourceType resource)
    {
        var group = OperationGroup(resource.Group);
        return char.ToLowerInvariant(group[0]) + group[1..] + "_" + resource.Version;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static JsonObject Operation(string tag, string id, string description, string action, JsonObject gvk,
        JsonNode[] parameters, JsonObject? body, JsonObject response)
    {
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(tag),
            ["description"] = description,
            ["operationId"] = id,
            ["parameters"] = new JsonArray(parameters),
        };
        if (body is not null) operation["requestBody"] = new JsonObject { ["content"] = body, ["required"] = true };
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = response },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return operation;
    }

    private static JsonObject Content(string schemaName, params string[] mediaTypes)
    {
        var content = new JsonObject();
        foreach (var media in mediaTypes.Length > 0 ? mediaTypes : ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"])
        {
            content[media] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName } };
        }
        return content;
    }

    /// <summary>
    /// The patch media types: a custom resource takes no strategic merge patch, and kubectl apply, finding it absent,
    /// sends a JSON merge patch instead.
    /// </summary>
    private static JsonObject PatchBody(bool strategic) => strategic
        ? Content(PatchSchemaName, "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json")
        : Content(PatchSchemaName, "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");

    private static JsonObject FieldValidation() => new()
    {
        ["name"] = "fieldValidation",
        ["in"] = "query",
        ["description"] = "How the server treats unknown and duplicate fields: Ignore, Warn or Strict.",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Query(string name, string type = "string") => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    private static JsonArray PathParameters(bool namespaced, bool named)
    {
        var parameters = new JsonArray();
        if (named) parameters.Add(PathParameter("name", "name of the object"));
        if (namespaced) parameters.Add(PathParameter("namespace", "object name and auth scope"));
        // As a JsonNode, for the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection.
        parameters.Add((JsonNode)new JsonObject
        {
            ["name"] = "pretty",
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
        });
        return parameters;
    }

    private static JsonNode PathParameter(string name, string description) => new JsonObject
    {
        ["name"] = name,
        ["in"] = "path",
        ["description"] = description,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
