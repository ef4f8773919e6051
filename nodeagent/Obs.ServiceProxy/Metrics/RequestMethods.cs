namespace Obs.ServiceProxy.Metrics;

/// <summary>
/// The <c>http.request.method</c> values the metrics keep: the methods of RFC 9110 and PATCH, as the
/// OpenTelemetry conventions list them. Anything else folds into <c>_OTHER</c>, so a client making up
/// methods cannot grow the series count.
/// </summary>
internal static class RequestMethods
{
    public const string Other = "_OTHER";

    public static string Normalize(string method) => method switch
    {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "CONNECT" => "CONNECT",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "PATCH" => "PATCH",
        _ => Other,
    };

    /// <summary>Requests a failed connection may safely be retried for (RFC 9110 §9.2.2), when they carry no body.</summary>
    public static bool IsIdempotent(string method) => method is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";
}
