namespace Obs.Api.Schema;

/// <summary>One group-version's OpenAPI v3 document, served at <c>/openapi/v3/{Path}?hash={Hash}</c>.</summary>
public sealed record OpenApiDocument(string Path, byte[] Json, string Hash);
