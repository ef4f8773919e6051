using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Obs.Api.CustomResources;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.ApiServer.Http;

/// <summary>Decodes the object in a create or update body, in whichever format it came, and checks it is the right kind.</summary>
public static class ObjectBodies
{
    public static Task<JsonObject> ReadAsync(HttpContext context, string apiVersion, string kind, QueryOptions query) =>
        ReadAsync(context, [apiVersion], kind, query);

    /// <summary>
    /// A body that may come in any of <paramref name="apiVersions"/> (an Eviction as policy/v1 or
    /// v1beta1): it is checked against the version it names, and gets the first when it names none.
    /// </summary>
    public static async Task<JsonObject> ReadAsync(HttpContext context, IReadOnlyList<string> apiVersions, string kind, QueryOptions query)
    {
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        var mediaType = MediaTypes.Essence(context.Request.ContentType);
        JsonObject obj;
        byte[]? json = null;
        switch (mediaType)
        {
            case MediaTypes.Json:
                obj = RequestBody.AsObject(RequestBody.ParseJson(body));
                json = body;
                break;
            case MediaTypes.Yaml:
                obj = RequestBody.AsObject(RequestBody.ParseJsonOrYaml(body, yamlAllowed: true));
                json = JsonSerializer.SerializeToUtf8Bytes(obj);
                break;
            case MediaTypes.Protobuf:
                try
                {
                    obj = ProtobufRequestDecoder.Decode(body);
                }
                catch (ProtobufDecodingException e)
                {
                    throw ApiErrors.BadRequest($"the protobuf body could not be decoded: {e.Message}");
                }
                break;
            default:
                throw ApiErrors.UnsupportedMediaType(mediaType);
        }
        var named = obj["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var apiVersion = named is not null && apiVersions.Contains(named) ? named : apiVersions[0];
        if (json is not null) CheckFields(context, json, apiVersion, kind, query);
        CheckKind(obj, apiVersion, kind);
        if (ApiSchema.Default.ForKind(apiVersion, kind) is { } schema) UnknownFieldPruner.Prune(obj, schema);
        return obj;
    }

    private static void CheckFields(HttpContext context, byte[] json, string apiVersion, string kind, QueryOptions query)
    {
        if (ApiSchema.Default.ForKind(apiVersion, kind) is not { } schema) return;
        var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
        FieldValidation.Check(context, json, schema, kind, version, query.FieldValidation);
    }

    /// <summary>
    /// A body's apiVersion and kind must be the endpoint's; when absent they are filled in, so
    /// that a hand-written <c>curl</c> body still stores a complete object.
    /// </summary>
    public static void CheckKind(JsonObject obj, string apiVersion, string kind)
    {
        var bodyVersion = obj["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var bodyKind = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var t) ? t : null;
        if (bodyVersion is { Length: > 0 } && bodyVersion != apiVersion)
            throw ApiErrors.BadRequest($"the API version in the data ({bodyVersion}) does not match the expected API version ({apiVersion})");
        if (bodyKind is { Length: > 0 } && bodyKind != kind)
            throw ApiErrors.BadRequest($"the kind in the data ({bodyKind}) does not match the expected kind ({kind})");
        // Keep apiVersion and kind first, where readers expect them (as a body normally has them: then it is left as it is).
        if (obj.Count >= 2 && obj.GetAt(0) is { Key: "apiVersion" } first && obj.GetAt(1) is { Key: "kind" } second
            && bodyVersion == apiVersion && bodyKind == kind && first.Value is JsonValue && second.Value is JsonValue) return;
        var rest = obj.Where(p => p.Key is not "apiVersion" and not "kind").Select(p => (p.Key, Value: p.Value)).ToList();
        obj.Clear();
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        foreach (var (key, value) in rest) obj[key] = value;
    }

    /// <summary>Drops the fields the resource's schema does not know (a custom resource's by its structural schema).</summary>
    public static void Prune(ResourceType type, JsonObject obj)
    {
        if (type.Custom is { } custom) SchemaPruning.Prune(custom.Schema, obj);
        else UnknownFieldPruner.Prune(obj, ApiSchema.Default.ForResource(type));
    }

    public static (string ApiVersion, string Kind) ExpectedKind(ResourceType type, string? subresource) =>
        subresource == "scale" ? ("autoscaling/v1", "Scale") : (type.ApiVersion, type.Kind);
}
