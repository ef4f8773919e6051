using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// What an Ingress's annotations ask of the proxy, read the way ingress-nginx reads its own (users' manifests carry
/// them): an Ingress with TLS redirects its TLS hosts from HTTP to HTTPS unless <see cref="SslRedirectAnnotation"/>
/// (or ingress-nginx's) says <c>"false"</c>; <see cref="ForceSslRedirectAnnotation"/> redirects every host of it;
/// <see cref="RewriteTargetAnnotation"/> rewrites the path sent to the backend, with the capture groups of a path
/// that is a regular expression (<see cref="UseRegexAnnotation"/>, or pathType <c>ImplementationSpecific</c>).
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

    /// <summary>Whether a path of this pathType is a regular expression: with use-regex, or ImplementationSpecific under a rewrite (as ingress-nginx's documentation has it).</summary>
    public bool IsRegex(string? pathType) => UseRegex || (RewriteTarget is not null && pathType == "ImplementationSpecific");

    /// <summary>A boolean annotation as ingress-nginx parses it (Go's strconv.ParseBool); null when absent or unreadable.</summary>
    private static bool? Flag(string? value) => value switch
    {
        "true" or "True" or "TRUE" or "t" or "T" or "1" => true,
        "false" or "False" or "FALSE" or "f" or "F" or "0" => false,
        _ => null,
    };
}
