using System.Text.RegularExpressions;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// One path of one Ingress rule (or the <c>defaultBackend</c> of an Ingress for one of its hosts), its path
/// normalized for matching, with what the Ingress's annotations ask for requests it takes.
/// </summary>
internal sealed record IngressRoute(IngressPathType Type, string Path, IngressBackend Backend)
{
    /// <summary>The path as a regular expression, for <see cref="IngressPathType.Regex"/>.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The path (and query) the backend is sent instead, with <c>$1</c>… of <see cref="Pattern"/>; null keeps the request's.</summary>
    public string? RewriteTarget { get; init; }

    /// <summary>Whether a request over plain HTTP is answered with a redirect to HTTPS instead.</summary>
    public bool SslRedirect { get; init; }

    public bool Matches(string requestPath) =>
        Type == IngressPathType.Regex ? Pattern!.IsMatch(requestPath) : IngressPaths.Matches(Type, Path, requestPath);

    /// <summary>The path and query to send to the backend for <paramref name="requestPath"/>, or null to send the request's own.</summary>
    public IngressRewrite.Result? Rewrite(string requestPath) =>
        RewriteTarget is null ? null : IngressRewrite.Apply(RewriteTarget, Pattern?.Match(requestPath));
}
