using System.Diagnostics;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Turns one query's bytes into the response's bytes, whatever the bytes are: too short to carry
/// an id, or a response rather than a query, is dropped (null); anything else malformed gets
/// FORMERR; other opcodes NOTIMP; cluster names are answered from the zone, all other names are
/// forwarded (REFUSED when there is no upstream, SERVFAIL when none answers).
/// </summary>
public sealed class DnsQueryHandler(ClusterDnsZone zone, UpstreamForwarder? forwarder, ClusterDnsOptions options, DnsMetrics? metrics = null)
{
    private const int ClassicUdpSize = 512;
    private const int MaxUdpSize = 4096;

    public async Task<byte[]?> HandleAsync(ReadOnlyMemory<byte> query, DnsTransport transport, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!DnsHeader.TryRead(query.Span, out var header) || header.IsResponse) return null;
        DnsMessage request;
        try
        {
            request = DnsMessageReader.Read(query.Span);
        }
        catch (DnsFormatException)
        {
            return Finish(transport, ".", null, Error(header, DnsResponseCode.FormErr), transport == DnsTransport.Udp ? ClassicUdpSize : ushort.MaxValue, started);
        }
        var limit = transport == DnsTransport.Tcp ? ushort.MaxValue : Math.Clamp((int?)request.Edns?.UdpPayloadSize ?? ClassicUdpSize, ClassicUdpSize, MaxUdpSize);
        var question = request.Questions.Count == 1 ? request.Questions[0] : null;
        var inZone = question is not null && zone.Contains(question.Name);
        var zoneLabel = inZone ? zone.Zone + "." : ".";
        if (request.Opcode != 0) return Finish(transport, zoneLabel, question, Reply(request, DnsResponseCode.NotImp), limit, started);
        if (question is null) return Finish(transport, zoneLabel, null, Reply(request, DnsResponseCode.FormErr), limit, started);
        if (request.Edns is { Version: > 0 }) return Finish(transport, zoneLabel, question, Reply(request, DnsResponseCode.BadVers), limit, started);
        if (inZone)
        {
            var answer = zone.Resolve(question);
            var response = Reply(request, answer.Code) with
            {
                Authoritative = true,
                Answers = answer.Answers,
                Authority = answer.Authority,
                Additional = answer.Additional,
            };
            return Finish(transport, zoneLabel, question, response, limit, started);
        }
        if (zone.TryResolveReverse(question, out var reverse))
        {
            var response = Reply(request, reverse.Code) with { Authoritative = true, Answers = reverse.Answers };
            return Finish(transport, "in-addr.arpa.", question, response, limit, started);
        }
        if (forwarder is null || forwarder.Upstreams.Count == 0)
            return Finish(transport, zoneLabel, question, Reply(request, DnsResponseCode.Refused), limit, started);
        var forwarded = await forwarder.ForwardAsync(query, transport, cancellationToken);
        if (forwarded is null) return Finish(transport, zoneLabel, question, Reply(request, DnsResponseCode.ServFail), limit, started);
        metrics?.Record(transport, zoneLabel, question.Type, (DnsResponseCode)(DnsHeader.TryRead(forwarded, out var h) ? h.Flags & 0xF : 2), Stopwatch.GetElapsedTime(started));
        return forwarded;
    }

    private byte[] Finish(DnsTransport transport, string zoneLabel, DnsQuestion? question, DnsMessage response, int limit, long started)
    {
        byte[] bytes;
        try
        {
            bytes = DnsMessageWriter.Encode(response, limit);
        }
        catch (ArgumentException)
        {
            // A record made from a bad object (an ExternalName that is not a domain name) cannot be written.
            response = response with { ResponseCode = DnsResponseCode.ServFail, Answers = [], Authority = [], Additional = [] };
            bytes = DnsMessageWriter.Encode(response, limit);
        }
        metrics?.Record(transport, zoneLabel, question?.Type, response.ResponseCode, Stopwatch.GetElapsedTime(started));
        return bytes;
    }

    /// <summary>A response echoing the question and, when the query had EDNS0, an OPT record of our own.</summary>
    private DnsMessage Reply(DnsMessage request, DnsResponseCode code) => new()
    {
        Id = request.Id,
        IsResponse = true,
        Opcode = request.Opcode,
        RecursionDesired = request.RecursionDesired,
        RecursionAvailable = true,
        CheckingDisabled = request.CheckingDisabled,
        ResponseCode = code,
        Questions = request.Opcode == 0 ? request.Questions : [],
        Edns = request.Edns is null ? null : new EdnsOptions(options.UdpPayloadSize),
    };

    /// <summary>The answer to a query that could not be read: its id and flags, nothing else.</summary>
    private static DnsMessage Error(DnsHeader header, DnsResponseCode code) => new()
    {
        Id = header.Id,
        IsResponse = true,
        Opcode = header.Opcode,
        RecursionDesired = header.RecursionDesired,
        RecursionAvailable = true,
        CheckingDisabled = header.CheckingDisabled,
        ResponseCode = code,
    };
}
