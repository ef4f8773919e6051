using System.Buffers.Text;
using System.Text;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// Parses HTTP/1.x heads (RFC 9112) strictly, into offsets: the forwarder copies bytes and only needs to know
/// the method, the status, where each body ends and which fields to drop or add. Anything ambiguous (both
/// <c>Content-Length</c> and <c>Transfer-Encoding</c>, differing lengths, whitespace before a colon, folded lines)
/// is refused, because a proxy that reads a message differently from its endpoint lets requests be smuggled.
/// The head passed in runs up to and including its empty line.
/// </summary>
internal static class Http1Parser
{
    /// <returns>Null when the head is valid, else what is wrong with it (for the 400's body).</returns>
    public static string? ParseRequest(ReadOnlySpan<byte> head, HeaderList fields, out RequestHead request)
    {
        request = default;
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || line[(firstSpace + 1)..lastSpace].Contains((byte)' ')) return "malformed request line";
        var method = line[..firstSpace];
        if (!IsToken(method)) return "malformed method";
        var target = line[(firstSpace + 1)..lastSpace];
        if (target.IsEmpty || target.IndexOfAnyInRange((byte)0, (byte)0x20) >= 0 || target.Contains((byte)0x7F)) return "malformed request target";
        if (!TryVersion(line[(lastSpace + 1)..], out var minor)) return "unsupported HTTP version";

        var error = ParseFields(head, lineEnd + 2, fields);
        if (error is not null) return error;
        var hosts = 0;
        for (var i = 0; i < fields.Count; i++) hosts += fields[i].Kind == HeaderKind.Host ? 1 : 0;
        if (hosts > 1 || (hosts == 0 && minor == 1)) return "a request needs exactly one Host";

        error = Framing(head, fields, isRequest: true, out var framing);
        if (error is not null) return error;
        var upgrade = fields.IndexOf(HeaderKind.Upgrade) >= 0 && fields.ConnectionLists(head, "upgrade"u8) && !fields.Lists(head, HeaderKind.Upgrade, "h2c"u8);
        request = new RequestHead(RequestMethods.Normalize(method), method.SequenceEqual("HEAD"u8), method.SequenceEqual("CONNECT"u8),
            firstSpace + 1, target.Length, framing, KeepAlive(head, fields, minor), upgrade);
        return null;
    }

    /// <param name="toHead">The request was HEAD: no body follows whatever the fields say.</param>
    /// <param name="toConnect">The request was CONNECT: a 2xx turns the connection into a tunnel.</param>
    public static string? ParseResponse(ReadOnlySpan<byte> head, HeaderList fields, bool toHead, bool toConnect, out ResponseHead response)
    {
        response = default;
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        // HTTP/1.x SP 3DIGIT SP reason (the reason may be empty, and some servers omit the space before it).
        if (line.Length < 12 || !TryVersion(line[..8], out var minor) || line[8] != (byte)' ' || (line.Length > 12 && line[12] != (byte)' ')) return "malformed status line";
        if (!Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) || used != 3 || status < 100) return "malformed status code";

        var error = ParseFields(head, lineEnd + 2, fields);
        if (error is not null) return error;
        var switches = status == 101 || (toConnect && status is >= 200 and < 300);
        var interim = status is >= 100 and < 200 && status != 101;
        BodyFraming framing;
        if (switches || interim || toHead || status is 204 or 304)
        {
            framing = BodyFraming.Empty;
        }
        else
        {
            error = Framing(head, fields, isRequest: false, out framing);
            if (error is not null) return error;
        }
        var keepAlive = framing.Kind != BodyKind.UntilClose && KeepAlive(head, fields, minor);
        response = new ResponseHead(status, interim, switches, framing, keepAlive);
        return null;
    }

    private static string? ParseFields(ReadOnlySpan<byte> head, int start, HeaderList fields)
    {
        fields.Clear();
        var position = start;
        while (true)
        {
            var length = head[position..].IndexOf("\r\n"u8);
            if (length < 0) return "malformed head";
            if (length == 0) return null;
            var line = head.Slice(position, length);
            var colon = line.IndexOf((byte)':');
            // A line starting with whitespace is obsolete folding; whitespace before the colon is forbidden (RFC 9112 §5.1).
            if (colon <= 0 || !IsToken(line[..colon])) return "malformed header field";
            var value = line[(colon + 1)..];
            var leading = value.Length - value.TrimStart(" \t"u8).Length;
            value = Tokens.Trim(value);
            if (value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0) return "malformed header value";
            fields.Add(new HeaderField(Classify(line[..colon]), position, position + length + 2, colon, position + colon + 1 + leading, value.Length));
            position += length + 2;
        }
    }

    private static string? Framing(ReadOnlySpan<byte> head, HeaderList fields, bool isRequest, out BodyFraming framing)
    {
        framing = isRequest ? BodyFraming.Empty : new BodyFraming(BodyKind.UntilClose);
        long? length = null;
        var transferEncoding = -1;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Kind == HeaderKind.TransferEncoding)
            {
                transferEncoding = i;
            }
            else if (field.Kind == HeaderKind.ContentLength)
            {
                // A list of equal values ("5, 5") is one length; anything else is no length at all.
                var values = field.Value(head);
                foreach (var range in values.Split((byte)','))
                {
                    var item = Tokens.Trim(values[range]);
                    if (item.IsEmpty || item.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 || item.Length > 18
                        || !Utf8Parser.TryParse(item, out long value, out _)) return "malformed Content-Length";
                    if (length is { } seen && seen != value) return "conflicting Content-Length";
                    length = value;
                }
            }
        }
        if (transferEncoding >= 0)
        {
            if (length is not null) return "both Content-Length and Transfer-Encoding";
            // The final coding decides: a request must end in chunked; a response that does not is read to the close.
            var chunked = Ascii.EqualsIgnoreCase(Tokens.Last(fields[transferEncoding].Value(head)), "chunked"u8);
            if (!chunked && isRequest) return "unsupported Transfer-Encoding";
            framing = chunked ? new BodyFraming(BodyKind.Chunked) : new BodyFraming(BodyKind.UntilClose);
            return null;
        }
        if (length is { } bytes) framing = bytes == 0 ? BodyFraming.Empty : new BodyFraming(BodyKind.Length, bytes);
        return null;
    }

    private static bool KeepAlive(ReadOnlySpan<byte> head, HeaderList fields, int minor) =>
        minor == 1 ? !fields.ConnectionLists(head, "close"u8) : fields.ConnectionLists(head, "keep-alive"u8);

    private static bool TryVersion(ReadOnlySpan<byte> version, out int minor)
    {
        minor = version.Length == 8 && version.StartsWith("HTTP/1."u8) ? version[7] - '0' : -1;
        return minor is 0 or 1;
    }

    /// <summary>RFC 9110 tchar: letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    private static bool IsToken(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
        {
            if (b is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
                or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~')) return false;
        }
        return true;
    }

    private static HeaderKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "TE"u8) => HeaderKind.TE,
        4 when Ascii.EqualsIgnoreCase(name, "Host"u8) => HeaderKind.Host,
        7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8) => HeaderKind.Upgrade,
        7 when Ascii.EqualsIgnoreCase(name, "Trailer"u8) => HeaderKind.Trailer,
        10 when Ascii.EqualsIgnoreCase(name, "Connection"u8) => HeaderKind.Connection,
        10 when Ascii.EqualsIgnoreCase(name, "Keep-Alive"u8) => HeaderKind.KeepAlive,
        14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8) => HeaderKind.ContentLength,
        14 when Ascii.EqualsIgnoreCase(name, "HTTP2-Settings"u8) => HeaderKind.Http2Settings,
        15 when Ascii.EqualsIgnoreCase(name, "X-Forwarded-For"u8) => HeaderKind.XForwardedFor,
        16 when Ascii.EqualsIgnoreCase(name, "X-Forwarded-Host"u8) => HeaderKind.XForwardedHost,
        17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) => HeaderKind.TransferEncoding,
        17 when Ascii.EqualsIgnoreCase(name, "X-Forwarded-Proto"u8) => HeaderKind.XForwardedProto,
        _ when name.Length > 6 && Ascii.EqualsIgnoreCase(name[..6], "Proxy-"u8) => HeaderKind.Proxy,
        _ => HeaderKind.Other,
    };
}
