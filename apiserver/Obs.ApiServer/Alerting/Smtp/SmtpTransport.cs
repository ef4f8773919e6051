using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Obs.Api.Security;

namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>
/// A minimal SMTP client (RFC 5321) that hands one message to a relay: greeting, EHLO (HELO when
/// EHLO is refused), STARTTLS (RFC 3207) and EHLO again, AUTH PLAIN or LOGIN when credentials are set,
/// MAIL FROM, RCPT TO for each recipient, DATA with dot-stuffing, QUIT. A session per message: alert
/// mail is rare, and a fresh session never meets a connection the relay dropped while idle. A recipient the relay
/// refuses for good (5yz) is left out and the others still get the message, as a mail server delivers it; a
/// recipient refused for now (4yz) fails the whole message, to be tried again for everyone.
/// Throws <see cref="SmtpException"/> for a refusal (permanent for 5yz), <see cref="IOException"/>
/// or <see cref="SocketException"/> for a broken connection and <see cref="TimeoutException"/> when the
/// session outlives <see cref="SmtpConnectionOptions.Timeout"/>.
/// </summary>
public sealed class SmtpTransport(SmtpConnectionOptions options)
{
    /// <summary>Sends the message; the refusals of recipients that were left out (none when all took it).</summary>
    public async Task<IReadOnlyList<string>> SendAsync(string from, IReadOnlyList<string> to, string message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await SessionAsync(from, to, message, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the SMTP session with {options.Host}:{options.Port} took longer than {options.Timeout.TotalSeconds:0} s");
        }
    }

    private async Task<IReadOnlyList<string>> SessionAsync(string from, IReadOnlyList<string> to, string message, CancellationToken token)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(options.Host, options.Port, token);
        Stream stream = tcp.GetStream();
        await using var tls = options.ImplicitTls || options.RequireTls ? new SslStream(stream, leaveInnerStreamOpen: true, Validate) : null;
        if (options.ImplicitTls)
        {
            await HandshakeAsync(tls!, token);
            stream = tls!;
        }
        var session = new SmtpLineStream(stream);
        await ExpectAsync(session, null, "the greeting", token, 220);
        var extensions = await HelloAsync(session, token);
        if (!options.ImplicitTls && options.RequireTls)
        {
            if (!extensions.ContainsKey("STARTTLS"))
                throw new SmtpException($"{options.Host}:{options.Port} does not offer STARTTLS and TLS is required (turn RequireTls off only for a relay on this host)", permanent: true);
            await ExpectAsync(session, "STARTTLS", "STARTTLS", token, 220);
            if (session.HasBufferedInput) throw new SmtpException("the server sent data after agreeing to STARTTLS; refusing to go on", permanent: true);
            await HandshakeAsync(tls!, token);
            session = new SmtpLineStream(tls!);
            extensions = await HelloAsync(session, token);
        }
        if (options.Username is not null) await AuthenticateAsync(session, extensions, secure: tls is not null, token);
        await ExpectAsync(session, $"MAIL FROM:<{from}>", "MAIL FROM", token, 250);
        var refused = new List<string>();
        foreach (var recipient in to)
        {
            await session.WriteAsync($"RCPT TO:<{recipient}>\r\n", token);
            var reply = await session.ReadReplyAsync(token);
            if (reply.Code is 250 or 251) continue;
            var refusal = SmtpException.Unexpected($"RCPT TO:<{recipient}>", reply);
            if (!refusal.Permanent) throw refusal;
            refused.Add(refusal.Message);
        }
        if (refused.Count == to.Count) throw new SmtpException(string.Join("; ", refused), permanent: true);
        await ExpectAsync(session, "DATA", "DATA", token, 354);
        await session.WriteAsync(DotStuffing.Encode(message), token);
        await ExpectAsync(session, null, "the message", token, 250);
        try
        {
            await session.WriteAsync("QUIT\r\n", token);
            await session.ReadReplyAsync(token);
        }
        catch (IOException)
        {
            // The message is accepted; a server that drops the line on QUIT has done its part.
        }
        return refused;
    }

    /// <summary>EHLO's extension keywords (upper case) with their parameters; none after a HELO.</summary>
    private async Task<Dictionary<string, string>> HelloAsync(SmtpLineStream session, CancellationToken token)
    {
        var name = options.HelloName ?? Dns.GetHostName();
        await session.WriteAsync($"EHLO {name}\r\n", token);
        var reply = await session.ReadReplyAsync(token);
        var extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (reply.Code == 250)
        {
            foreach (var line in reply.Lines.Skip(1))
            {
                // "AUTH=PLAIN LOGIN" is how some older servers still spell "AUTH PLAIN LOGIN".
                var split = line.IndexOfAny([' ', '=']);
                extensions[split < 0 ? line : line[..split]] = split < 0 ? "" : line[(split + 1)..];
            }
            return extensions;
        }
        if (reply.Code is not (500 or 502)) throw SmtpException.Unexpected("EHLO", reply);
        await ExpectAsync(session, $"HELO {name}", "HELO", token, 250);
        return extensions;
    }

    private async Task AuthenticateAsync(SmtpLineStream session, Dictionary<string, string> extensions, bool secure, CancellationToken token)
    {
        if (!secure && !IsLoopback(options.Host))
            throw new SmtpException($"refusing to send the SMTP password to {options.Host} without TLS", permanent: true);
        var mechanisms = extensions.TryGetValue("AUTH", out var list) ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var user = options.Username!;
        var password = options.Password ?? "";
        if (mechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
        {
            await ExpectAsync(session, "AUTH PLAIN " + Base64($"\0{user}\0{password}"), "AUTH PLAIN", token, 235);
        }
        else if (mechanisms.Contains("LOGIN", StringComparer.OrdinalIgnoreCase))
        {
            await ExpectAsync(session, "AUTH LOGIN", "AUTH LOGIN", token, 334);
            await ExpectAsync(session, Base64(user), "AUTH LOGIN (user name)", token, 334);
            await ExpectAsync(session, Base64(password), "AUTH LOGIN (password)", token, 235);
        }
        else
        {
            throw new SmtpException($"{options.Host} offers no AUTH mechanism this client speaks (PLAIN, LOGIN): \"{list}\"", permanent: true);
        }
    }

    /// <summary>Sends the command (unless null: the greeting) and reads its reply, which must carry one of the codes.</summary>
    private static async Task ExpectAsync(SmtpLineStream session, string? command, string what, CancellationToken token, params int[] codes)
    {
        if (command is not null) await session.WriteAsync(command + "\r\n", token);
        var reply = await session.ReadReplyAsync(token);
        if (!codes.Contains(reply.Code)) throw SmtpException.Unexpected(what, reply);
    }

    private async Task HandshakeAsync(SslStream tls, CancellationToken token) =>
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, token);

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (options.CaFile is null) return false;
        // Only the chain failed against the machine's roots: try the configured CA instead (read at each handshake, so a renewed file counts).
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.CaFile);
        return CustomRootTrust.Trusts(roots, certificate, errors);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
