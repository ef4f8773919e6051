using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.CustomResources;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.ApiServer.Http;

/// <summary>
/// Checks a body against the resource's schema. A value of the wrong type is always a 400; unknown
/// and duplicate fields are a 400 under <c>fieldValidation=Strict</c>, a <c>Warning</c> header under
/// <c>Warn</c> (the default), and nothing under <c>Ignore</c>.
/// </summary>
public static class FieldValidation
{
    public static void Check(HttpContext context, ReadOnlySpan<byte> json, ResourceType type, string mode)
    {
        if (type.Custom is { } custom) CheckCustom(context, RequestBody.AsObject(JsonNode.Parse(json)!), custom, mode);
        else Check(context, json, ApiSchema.Default.ForResource(type), type.Kind, type.Version, mode);
    }

    public static void Check(HttpContext context, ReadOnlySpan<byte> json, SchemaType schema, string kind, string version, string mode)
    {
        var result = StrictDecoder.Check(json, schema);
        if (result.IsClean) return;
        if (result.CannotBeHandledMessage(kind, version) is { } typeError) throw ApiErrors.BadRequest(typeError);
        switch (mode)
        {
            case "Strict":
                throw ApiErrors.BadRequest(result.StrictErrorMessage!);
            case "Warn":
                foreach (var warning in result.Warnings) WarningHeader.Add(context, warning);
                break;
        }
    }

    /// <summary>Checks an object already parsed (the result of a patch).</summary>
    public static void Check(HttpContext context, JsonObject obj, ResourceType type, string mode)
    {
        if (type.Custom is { } custom) CheckCustom(context, obj, custom, mode);
        else Check(context, JsonSerializer.SerializeToUtf8Bytes(obj), type, mode);
    }

    /// <summary>
    /// A custom object's unknown fields are the ones its schema would prune: named in a 400 under Strict, in
    /// warnings under Warn, as kube-apiserver reports them for custom resources.
    /// </summary>
    public static void CheckCustom(HttpContext context, JsonObject obj, CustomResource custom, string mode)
    {
        if (mode is not ("Strict" or "Warn")) return;
        var unknown = SchemaPruning.Prune(custom.Schema, (JsonObject)obj.DeepClone());
        if (unknown.Count == 0) return;
        if (mode == "Strict")
            throw ApiErrors.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));
        foreach (var field in unknown) WarningHeader.Add(context, $"unknown field \"{field}\"");
    }
}
