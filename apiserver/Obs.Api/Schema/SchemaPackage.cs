namespace Obs.Api.Schema;

/// <summary>One Go package of API types: <c>core</c> is <c>k8s.io/api/core/v1</c>, served as apiVersion <c>v1</c>.</summary>
public sealed record SchemaPackage(string Alias, string OpenApiPrefix, string ApiVersion)
{
    /// <summary>The API group ("" for core and meta).</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>The Go package name, as Go prints types in decoding errors (<c>v1.PodSpec</c>).</summary>
    public string GoPackage => OpenApiPrefix[(OpenApiPrefix.LastIndexOf('.') + 1)..];
}
