namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// How an Ingress path matches: <c>ImplementationSpecific</c> is served as <see cref="Prefix"/>, or as
/// <see cref="Regex"/> (as is <c>Prefix</c>) when the Ingress's annotations make its paths regular expressions (<see cref="IngressAnnotations.IsRegex"/>).
/// </summary>
internal enum IngressPathType
{
    Exact,
    Prefix,

    /// <summary>A case-insensitive regular expression matched at the start of the path, as ingress-nginx's <c>use-regex</c> and <c>rewrite-target</c>.</summary>
    Regex,
}
