namespace Obs.ServiceProxy.Http1;

/// <summary>What the forwarder needs from a request head; the fields themselves stay in the connection's <see cref="HeaderList"/>.</summary>
/// <param name="Method">The method for the metrics: one of RFC 9110's or PATCH, else <c>_OTHER</c> (bounded label values).</param>
/// <param name="TargetStart">Where the request target starts in the head.</param>
/// <param name="TargetLength">Its length.</param>
/// <param name="KeepAlive">Whether the client keeps the connection after this exchange (HTTP/1.1 without <c>close</c>, or HTTP/1.0 with <c>keep-alive</c>).</param>
/// <param name="Upgrade">A protocol upgrade (WebSocket) to pass on; <c>h2c</c> is not one: the proxy declines it, as Kestrel did.</param>
internal readonly record struct RequestHead(
    string Method,
    bool IsHead,
    bool IsConnect,
    int TargetStart,
    int TargetLength,
    BodyFraming Framing,
    bool KeepAlive,
    bool Upgrade);
