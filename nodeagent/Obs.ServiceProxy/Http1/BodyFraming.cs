namespace Obs.ServiceProxy.Http1;

/// <summary>How the end of a message's body is found (RFC 9112 §6.3).</summary>
internal enum BodyKind
{
    /// <summary>No body: a request without length, a response to HEAD, 1xx, 204, 304.</summary>
    None,

    /// <summary><c>Content-Length</c> bytes.</summary>
    Length,

    /// <summary><c>Transfer-Encoding: chunked</c>: up to the last chunk and the trailer section.</summary>
    Chunked,

    /// <summary>A response without length: everything until the endpoint closes.</summary>
    UntilClose,
}

/// <summary>The body framing of one message and, for <see cref="BodyKind.Length"/>, its length.</summary>
internal readonly record struct BodyFraming(BodyKind Kind, long Length = 0)
{
    public static BodyFraming Empty => new(BodyKind.None);
}
