using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
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
    public static void Check(HttpContext context, ReadOnlySpan<byte> json, ResourceType type, string mode) =>
        Check(context, json, ApiSchema.Default.ForResource(type), type.Kind, type.Version, mode);

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
    public static void Check(HttpContext context, JsonObject obj, ResourceType type, string mode) =>
        Check(context, JsonSerializer.SerializeToUtf8Bytes(obj), type, mode);
}
