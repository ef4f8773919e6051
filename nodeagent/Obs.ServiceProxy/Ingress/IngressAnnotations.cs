using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// What an Ingress's annotations ask of the proxy, read the way ingress-nginx reads its own (users' manifests carry
/// them): an Ingress with TLS redirects its TLS hosts from HTTP to HTTPS unless <see cref="SslRedirectAnnotation"/>
/// (or ingress-nginx's) says <c>"false"</c>; <see cref="ForceSslRedirectAnnotation"/> redirects every host of it;
/// <see cref="RewriteTargetAnnotation"/> replaces the whole path sent to the backend, with the capture groups of the
/// path (a path that is rewritten is a regular expression, as is every path under <see cref="UseRegexAnnotation"/>).
/// </summary>
internal sealed record IngressAnnotations(bool SslRedirect, bool ForceSslRedirect, bool UseRegex, string? RewriteTarget)
{
    public const string SslRedirectAnnotation = "obs.dev/ssl-redirect";
    public const string NginxSslRedirectAnnotation = "nginx.ingress.kubernetes.io/ssl-redirect";
    public const string ForceSslRedirectAnnotation = "nginx.ingress.kubernetes.io/force-ssl-redirect";
    public const string UseRegexAnnotation = "nginx.ingress.kubernetes.io/use-regex";
    public const string RewriteTargetAnnotation = "nginx.ingress.kubernetes.io/rewrite-target";

    public static IngressAnnotations Of(JsonObject ingress)
    {
        string? Annotation(string name) => ingress.StringAt("metadata", "annotations", name)?.Trim();
        // Obs's own name wins where both are given; either defaults to on, as in ingress-nginx.
        var sslRedirect = Flag(Annotation(SslRedirectAnnotation)) ?? Flag(Annotation(NginxSslRedirectAnnotation)) ?? true;
        return new IngressAnnotations(
            sslRedirect,
            Flag(Annotation(ForceSslRedirectAnnotation)) ?? false,
            Flag(Annotation(UseRegexAnnotation)) ?? false,
            Annotation(RewriteTargetAnnotation) is { Length: > 0 } target ? target : null);
    }

    /// <summary>
    /// The target <paramref name="path"/> is rewritten to, or null: ingress-nginx leaves a path that is its own target alone
    /// (the common <c>rewrite-target: /</c> on an Ingress of <c>path: /</c> changes nothing).
    /// </summary>
    public string? RewriteFor(string path) => RewriteTarget is { } target && !string.Equals(target, path, StringComparison.Ordinal) ? target : null;

    /// <summary>
    /// Whether a path (other than <c>Exact</c>) is a regular expression: with use-regex, or when it is rewritten, whatever
    /// its pathType, because ingress-nginx then serves it as the location <c>~* "^path"</c> and takes the rewrite's groups from it.
    /// </summary>
    public bool IsRegex(string path) => UseRegex || RewriteFor(path) is not null;

    /// <summary>A boolean annotation as ingress-nginx parses it (Go's strconv.ParseBool); null when absent or unreadable.</summary>
    private static bool? Flag(string? value) => value switch
    {
        "true" or "True" or "TRUE" or "t" or "T" or "1" => true,
        "false" or "False" or "FALSE" or "f" or "F" or "0" => false,
        _ => null,
    };
}
