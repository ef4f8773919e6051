using System.Text;
using System.Text.RegularExpressions;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// ingress-nginx's <c>rewrite-target</c>: the whole path sent to the backend becomes the target, its <c>$1</c>, <c>$2</c>…
/// (or <c>${1}</c>) replaced by the capture groups of the path that matched (empty when there is no such group,
/// or the path is no regular expression). Nothing of the request's path is kept but what a group captured: since
/// ingress-nginx 0.22 the target is nginx's <c>rewrite "(?i)path" target break;</c>, which replaces the whole URI, so
/// <c>/</c> for the path <c>/app</c> sends <c>/app/page</c> as <c>/</c>. A target with its own <c>?query</c> puts it
/// before the request's query, which is kept otherwise, as nginx's <c>rewrite</c> does.
/// </summary>
internal static class IngressRewrite
{
    public sealed record Result(string Path, string? Query);

    public static Result Apply(string target, Match? match)
    {
        var text = new StringBuilder(target.Length + 32);
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] != '$' || i + 1 >= target.Length)
            {
                text.Append(target[i]);
                continue;
            }
            var braced = target[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < target.Length && char.IsAsciiDigit(target[end])) end++;
            if (end == start || (braced && (end >= target.Length || target[end] != '}')))
            {
                // Not a group reference ($host, a lone $): kept as written.
                text.Append(target[i]);
                continue;
            }
            if (match is not null && int.TryParse(target.AsSpan(start, end - start), out var group) && group < match.Groups.Count && match.Groups[group].Success)
                text.Append(match.Groups[group].Value);
            i = braced ? end : end - 1;
        }
        var rewritten = text.ToString();
        var question = rewritten.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rewritten : rewritten[..question];
        var query = question < 0 ? null : rewritten[(question + 1)..];
        // The request line needs an absolute path: a target of "$2" alone still reaches the backend as "/…".
        if (!path.StartsWith('/')) path = "/" + path;
        return new Result(path, query);
    }
}
