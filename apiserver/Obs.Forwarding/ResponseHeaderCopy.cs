using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Obs.Forwarding;

/// <summary>
/// Copies the headers of a target's answer (its content's too) onto the response a proxy sends back, less the
/// hop-by-hop ones and whatever the answer's <c>Connection</c> names: the proxy's own connection to the
/// client frames the body its own way.
/// </summary>
public static class ResponseHeaderCopy
{
    public static void CopyTo(HttpResponseMessage response, IHeaderDictionary headers)
    {
        var connectionNamed = response.Headers.NonValidated.TryGetValues("Connection", out var connection)
            ? HopByHopHeaders.NamedIn(new StringValues([.. connection]))
            : null;
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(name) || connectionNamed?.Contains(name) == true) continue;
            headers[name] = Values(values);
        }
        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(name) || connectionNamed?.Contains(name) == true) continue;
            headers[name] = Values(values);
        }
    }

    /// <summary>A header's values without an array for the usual single one (its ToString is that value then).</summary>
    private static StringValues Values(HeaderStringValues values) => values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
}
