namespace Obs.ServiceProxy.Configuration;

/// <summary>How a listener handles what arrives: which decides the Kestrel protocols it starts with.</summary>
internal enum ProxyProtocol
{
    /// <summary>HTTP/1.1 (and 1.0) through the forwarder, upgrades (WebSocket) passed through.</summary>
    Http1,

    /// <summary>HTTP/2 with prior knowledge (h2c), as gRPC speaks it without TLS.</summary>
    Http2,

    /// <summary>Opaque bytes both ways: anything not declared as cleartext HTTP, TLS included.</summary>
    Tcp,

    /// <summary>Datagrams relayed per client address.</summary>
    Udp,
}
