namespace Obs.ServiceProxy.Http1;

/// <summary>The header fields the forwarder acts on; everything else passes through untouched.</summary>
internal enum HeaderKind : byte
{
    Other,
    Host,
    ContentLength,
    TransferEncoding,
    Connection,
    KeepAlive,
    Upgrade,
    TE,
    Trailer,
    Http2Settings,

    /// <summary>Any <c>Proxy-*</c> field (<c>Proxy-Connection</c>, <c>Proxy-Authorization</c>, <c>Proxy-Authenticate</c>).</summary>
    Proxy,
    XForwardedFor,
    XForwardedProto,
    XForwardedHost,
}
