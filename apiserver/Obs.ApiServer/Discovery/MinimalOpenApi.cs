using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.ApiServer.Discovery;

/// <summary>The smallest OpenAPI v3 that lets kubectl rely on the server's field validation.</summary>
public static class MinimalOpenApi
{
    public static JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var gv in ResourceTypes.ByGroupVersion())
        {
            var path = PathOf(gv.Key);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(Document(gv.Key)!)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(string apiVersion)
    {
        var resources = ResourceTypes.All.Where(r => r.ApiVersion == apiVersion).ToList();
        if (resources.Count == 0) return null;
        var paths = new JsonObject();
        foreach (var r in resources)
        {
            var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
            var path = r.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{r.Plural}/{{name}}" : $"{prefix}/{r.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + r.Kind,
                    ["parameters"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "fieldValidation",
                        ["in"] = "query",
                        ["schema"] = new JsonObject { ["type"] = "string" },
                    }),
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Obs", ["version"] = VersionInfo.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    public static string PathOf(string apiVersion) => apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";

    private static string Hash(JsonObject doc) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())))[..32];
}
