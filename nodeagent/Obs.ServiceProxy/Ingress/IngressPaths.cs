namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// networking.k8s.io/v1 path matching, case-sensitive. <c>Exact</c> compares the whole path.
/// <c>Prefix</c> compares path elements split by <c>/</c>: <c>/foo/bar</c> matches <c>/foo/bar</c>,
/// <c>/foo/bar/</c> and <c>/foo/bar/baz</c> but not <c>/foo/barbaz</c>. A trailing slash in the rule
/// does not count, and <c>/</c> matches every path.
/// </summary>
internal static class IngressPaths
{
    public static IngressPathType? ParseType(string? pathType) => pathType switch
    {
        "Exact" => IngressPathType.Exact,
        "Prefix" or "ImplementationSpecific" => IngressPathType.Prefix,
        _ => null,
    };

    /// <summary>The rule path as matching uses it: a missing path is <c>/</c>; a prefix loses its trailing slashes.</summary>
    public static string Normalize(string? path, IngressPathType type)
    {
        if (string.IsNullOrEmpty(path)) return "/";
        if (type == IngressPathType.Exact) return path;
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    /// <param name="rulePath">Normalized with <see cref="Normalize"/>.</param>
    public static bool Matches(IngressPathType type, string rulePath, string requestPath)
    {
        if (type == IngressPathType.Exact) return string.Equals(rulePath, requestPath, StringComparison.Ordinal);
        if (rulePath == "/") return true;
        return requestPath.StartsWith(rulePath, StringComparison.Ordinal)
            && (requestPath.Length == rulePath.Length || requestPath[rulePath.Length] == '/');
    }
}
