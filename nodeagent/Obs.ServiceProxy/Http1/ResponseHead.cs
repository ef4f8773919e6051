namespace Obs.ServiceProxy.Http1;

/// <summary>What the forwarder needs from a response head.</summary>
/// <param name="Interim">A 1xx other than 101: another head follows for the same request.</param>
/// <param name="SwitchesProtocol">101, or a 2xx to CONNECT: bytes after this head belong to the tunnel.</param>
/// <param name="KeepAlive">Whether the endpoint keeps the connection after this response.</param>
internal readonly record struct ResponseHead(int StatusCode, bool Interim, bool SwitchesProtocol, BodyFraming Framing, bool KeepAlive);
