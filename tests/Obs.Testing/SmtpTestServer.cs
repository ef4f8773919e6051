using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Obs.Testing;

/// <summary>One message as the test relay took it: the envelope, the DATA as it came over the wire (still dot-stuffed) and as meant.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string WireData, string Data, string? AuthUser, string? AuthPassword, bool OverTls)
{
    public string Header(string name) =>
        Data.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))?[(name.Length + 2)..] ?? "";

    public string Body => Data[(Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
}

/// <summary>
/// An SMTP relay on 127.0.0.1 for tests: speaks just enough RFC 5321 (EHLO, STARTTLS when given a
/// certificate, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, QUIT), keeps every message, and can be told to
/// refuse a command in the next sessions with a given reply.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly X509Certificate2? _certificate;
    private int _failSessions;
    private string _failCommand = "";
    private string _failReply = "";
    private int _sessions;
    private readonly ConcurrentDictionary<string, string> _refusedRecipients = new(StringComparer.OrdinalIgnoreCase);

    public SmtpTestServer(X509Certificate2? certificate = null)
    {
        _certificate = certificate;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Smarthost => $"127.0.0.1:{Port}";
    public IReadOnlyList<ReceivedMail> Received => [.. _received];
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>The next <paramref name="sessions"/> sessions answer <paramref name="command"/> (MAIL, RCPT, DATA, EHLO, or "" for the greeting) with <paramref name="reply"/>.</summary>
    public void Fail(int sessions, string command, string reply)
    {
        _failCommand = command;
        _failReply = reply;
        Volatile.Write(ref _failSessions, sessions);
    }

    /// <summary>Every later RCPT TO for <paramref name="address"/> is answered with <paramref name="reply"/>.</summary>
    public void RefuseRecipient(string address, string reply) => _refusedRecipients[address] = reply;

    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match)
    {
        for (var i = 0; i < 300; i++)
        {
            if (_received.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("the mail never arrived; got subjects: " + string.Join(", ", _received.Select(r => r.Header("Subject"))));
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await ServeAsync(client.GetStream());
                    }
                    catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
                    {
                        // The client hung up: a session of a failure test.
                    }
                }
            });
        }
    }

    private async Task ServeAsync(Stream stream)
    {
        var failing = Interlocked.Decrement(ref _failSessions) >= 0;
        Interlocked.Increment(ref _sessions);
        string? Failure(string command) => failing && command == _failCommand ? _failReply : null;
        var reader = new StreamReader(stream, Encoding.UTF8);
        var tls = false;
        async Task Send(string text)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"));
            await stream.FlushAsync();
        }

        if (Failure("") is { } refuse)
        {
            await Send(refuse);
            return;
        }
        await Send("220 test.local ESMTP ready");
        string? from = null, user = null, password = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            if (Failure(verb) is { } reply)
            {
                await Send(reply);
                continue;
            }
            switch (verb)
            {
                case "EHLO":
                    await Send("250-test.local greets you");
                    if (_certificate is not null && !tls) await Send("250-STARTTLS");
                    await Send("250-AUTH PLAIN LOGIN");
                    await Send("250 8BITMIME");
                    break;
                case "HELO" or "NOOP" or "RSET":
                    await Send("250 ok");
                    break;
                case "STARTTLS" when _certificate is not null:
                    await Send("220 go ahead");
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(_certificate);
                    stream = ssl;
                    reader = new StreamReader(stream, Encoding.UTF8);
                    tls = true;
                    break;
                case "AUTH" when line.StartsWith("AUTH PLAIN ", StringComparison.Ordinal):
                    var parts = Encoding.UTF8.GetString(Convert.FromBase64String(line[11..])).Split('\0');
                    (user, password) = (parts[1], parts[2]);
                    await Send("235 authenticated");
                    break;
                case "MAIL":
                    from = Address(line);
                    await Send("250 sender ok");
                    break;
                case "RCPT" when _refusedRecipients.TryGetValue(Address(line), out var refusal):
                    await Send(refusal);
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await Send("250 recipient ok");
                    break;
                case "DATA":
                    await Send("354 end with <CRLF>.<CRLF>");
                    var wire = new StringBuilder();
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        wire.Append(dataLine).Append("\r\n");
                        data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    _received.Enqueue(new ReceivedMail(from ?? "", [.. to], wire.ToString(), data.ToString(), user, password, tls));
                    to.Clear();
                    await Send("250 queued");
                    break;
                case "QUIT":
                    await Send("221 bye");
                    return;
                default:
                    await Send("502 command not implemented");
                    break;
            }
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public void Dispose() => _listener.Stop();
}
