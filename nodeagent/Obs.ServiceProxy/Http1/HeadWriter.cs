using System.Buffers;
using System.Text;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// Writes a parsed head on to the other side: start line and end-to-end fields as they came, hop-by-hop fields
/// (RFC 9110 §7.6.1: <c>Connection</c>, <c>Keep-Alive</c>, <c>Proxy-*</c>, <c>TE</c> other than <c>trailers</c>,
/// <c>Upgrade</c> unless upgrading, <c>HTTP2-Settings</c> and the names <c>Connection</c> lists) dropped. The framing
/// fields stay, because the body passes on byte for byte. Requests get <c>X-Forwarded-For/-Proto/-Host</c>.
/// </summary>
internal static class HeadWriter
{
    public static void WriteRequest(IBufferWriter<byte> output, ReadOnlySpan<byte> head, HeaderList fields, in RequestHead request, ReadOnlySpan<byte> clientAddress)
    {
        output.Write(head[..(head.IndexOf("\r\n"u8) + 2)]);
        var named = fields.IndexOf(HeaderKind.Connection) >= 0;
        var host = -1;
        var forwardedFor = -1;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Kind == HeaderKind.Host) host = i;
            // Earlier hops' X-Forwarded-For values go into the one written below.
            if (field.Kind == HeaderKind.XForwardedFor && forwardedFor < 0) forwardedFor = i;
            var keep = field.Kind switch
            {
                HeaderKind.Host or HeaderKind.ContentLength or HeaderKind.TransferEncoding => true,
                HeaderKind.Upgrade => request.Upgrade,
                HeaderKind.TE => Ascii.EqualsIgnoreCase(field.Value(head), "trailers"u8),
                HeaderKind.Other => !named || !fields.ConnectionLists(head, field.Name(head)),
                _ => false,
            };
            if (keep) output.Write(field.Line(head));
        }
        if (request.Upgrade) output.Write("Connection: upgrade\r\n"u8);

        // Backends see who called, as behind any proxy: earlier hops' addresses first, then this client's.
        output.Write("X-Forwarded-For: "u8);
        if (forwardedFor >= 0)
        {
            for (var i = forwardedFor; i < fields.Count; i++)
            {
                if (fields[i].Kind != HeaderKind.XForwardedFor) continue;
                output.Write(fields[i].Value(head));
                output.Write(", "u8);
            }
        }
        output.Write(clientAddress);
        output.Write("\r\nX-Forwarded-Proto: http\r\n"u8);
        if (host >= 0)
        {
            output.Write("X-Forwarded-Host: "u8);
            output.Write(fields[host].Value(head));
            output.Write("\r\n"u8);
        }
        output.Write("\r\n"u8);
    }

    /// <param name="close">The connection ends after this response (either side asked, or the body runs to the close): the client is told.</param>
    public static void WriteResponse(IBufferWriter<byte> output, ReadOnlySpan<byte> head, HeaderList fields, in ResponseHead response, bool close)
    {
        output.Write(head[..(head.IndexOf("\r\n"u8) + 2)]);
        var named = fields.IndexOf(HeaderKind.Connection) >= 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var keep = field.Kind switch
            {
                HeaderKind.Connection or HeaderKind.KeepAlive or HeaderKind.Proxy or HeaderKind.Http2Settings => false,
                HeaderKind.Upgrade => response.SwitchesProtocol,
                HeaderKind.Other => !named || !fields.ConnectionLists(head, field.Name(head)),
                _ => true,
            };
            if (keep) output.Write(field.Line(head));
        }
        if (response.StatusCode == 101) output.Write("Connection: upgrade\r\n"u8);
        else if (close && !response.Interim) output.Write("Connection: close\r\n"u8);
        output.Write("\r\n"u8);
    }
}
