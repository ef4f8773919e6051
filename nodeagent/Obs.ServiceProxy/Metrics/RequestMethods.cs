namespace Obs.ServiceProxy.Metrics;

/// <summary>
/// The <c>http.request.method</c> values the metrics keep: the methods of RFC 9110 and PATCH, as the
/// OpenTelemetry conventions list them. Anything else folds into <c>_OTHER</c>, so a client making up
/// methods cannot grow the series count.
/// </summary>
internal static class RequestMethods
{
    public const string Other = "_OTHER";

    private static readonly string[] Known = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public static string Normalize(string method) => Array.IndexOf(Known, method) is >= 0 and var i ? Known[i] : Other;

    /// <summary>The same, for a method as the HTTP/1.1 parser reads it (ASCII bytes, compared exactly as the string form is).</summary>
    public static string Normalize(ReadOnlySpan<byte> method)
    {
        foreach (var known in Known)
        {
            if (System.Text.Ascii.Equals(method, known)) return known;
        }
        return Other;
    }

    /// <summary>Requests a failed connection may safely be retried for (RFC 9110 §9.2.2), when they carry no body.</summary>
    public static bool IsIdempotent(string method) => method is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";
}
