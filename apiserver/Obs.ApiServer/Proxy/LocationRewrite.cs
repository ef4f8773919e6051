namespace Obs.ApiServer.Proxy;

/// <summary>
/// A redirect from the target points into the target's own path space (<c>Location: /dir/</c>, or an
/// absolute URL naming the address it was reached at); through the proxy that place is under the proxy
/// prefix, so the prefix is put in front, as kube-apiserver's proxy transport does. Relative locations and
/// other hosts are left as they are.
/// </summary>
public static class LocationRewrite
{
    /// <param name="reachedAt">The authorities the target was addressed by (<c>host:port</c>), as sent to it.</param>
    public static string Rewrite(string location, string prefix, IReadOnlyCollection<string> reachedAt)
    {
        if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)) return prefix + location;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
            (reachedAt.Contains(uri.Authority) || reachedAt.Contains($"{uri.Host}:{uri.Port}")))
            return prefix + uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
        return location;
    }
}
