using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Obs.ApiServer.Alerting.Smtp;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting.Smtp;

/// <summary>The SMTP client against a relay written for the test: the envelope, dot-stuffing, TLS, AUTH, and how refusals are classed.</summary>
public sealed class SmtpTransportTests : IDisposable
{
    private readonly SmtpTestServer _server = new();

    private SmtpTransport Plain(SmtpTestServer server) => new(new SmtpConnectionOptions("127.0.0.1", server.Port) { RequireTls = false, HelloName = "obs.test" });

    [Fact]
    public async Task AMessageArrivesWithItsEnvelopeAndEveryRecipient()
    {
        await Plain(_server).SendAsync("obs@example.com", ["a@example.com", "b@example.com"], "Subject: hi\r\n\r\nhello\r\n", CancellationToken.None);
        var mail = Assert.Single(_server.Received);
        Assert.Equal("obs@example.com", mail.From);
        Assert.Equal(["a@example.com", "b@example.com"], mail.To);
        Assert.Equal("hi", mail.Header("Subject"));
        Assert.Equal("hello\r\n", mail.Body);
    }

    [Fact]
    public async Task LinesStartingWithADotAreStuffedOnTheWireAndArriveIntact()
    {
        await Plain(_server).SendAsync("obs@example.com", ["a@example.com"], "Subject: dots\n\nfirst\n.\n..two\n.hidden\nlast", CancellationToken.None);
        var mail = Assert.Single(_server.Received);
        Assert.Equal("first\r\n..\r\n...two\r\n..hidden\r\nlast\r\n", mail.WireData[(mail.WireData.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal("first\r\n.\r\n..two\r\n.hidden\r\nlast\r\n", mail.Body);
    }

    [Fact]
    public async Task ARecipientRefusedForGoodIsLeftOutAndTheOthersGetTheMessage()
    {
        _server.RefuseRecipient("gone@example.com", "550 5.1.1 no such user");
        var refused = await Plain(_server).SendAsync("obs@example.com", ["a@example.com", "gone@example.com", "b@example.com"], "Subject: hi\r\n\r\nhello\r\n",
            CancellationToken.None);
        Assert.Equal(["RCPT TO:<gone@example.com>: the server answered 550 5.1.1 no such user"], refused);
        Assert.Equal(["a@example.com", "b@example.com"], Assert.Single(_server.Received).To);
    }

    [Fact]
    public async Task ARecipientRefusedForNowFailsTheWholeMessageToBeTriedAgain()
    {
        _server.RefuseRecipient("busy@example.com", "450 4.2.1 mailbox busy");
        var e = await Assert.ThrowsAsync<SmtpException>(() => Plain(_server).SendAsync("obs@example.com", ["a@example.com", "busy@example.com"], "x", CancellationToken.None));
        Assert.False(e.Permanent);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task EveryRecipientRefusedForGoodIsAPermanentFailureNamingEach()
    {
        _server.RefuseRecipient("x@example.com", "550 5.1.1 no such user");
        _server.RefuseRecipient("y@example.com", "553 5.1.3 bad address");
        var e = await Assert.ThrowsAsync<SmtpException>(() => Plain(_server).SendAsync("obs@example.com", ["x@example.com", "y@example.com"], "x", CancellationToken.None));
        Assert.True(e.Permanent);
        Assert.Equal("RCPT TO:<x@example.com>: the server answered 550 5.1.1 no such user; RCPT TO:<y@example.com>: the server answered 553 5.1.3 bad address", e.Message);
        Assert.Empty(_server.Received);
    }

    [Theory]
    [InlineData("MAIL", "451 4.3.0 try again later", false)]
    [InlineData("RCPT", "450 4.2.1 mailbox busy", false)]
    [InlineData("", "421 4.3.2 shutting down", false)]
    [InlineData("RCPT", "550 5.1.1 no such user", true)]
    [InlineData("DATA", "554 5.7.1 rejected", true)]
    public async Task ARefusalIsTransientFor4xxAndPermanentFor5xx(string command, string reply, bool permanent)
    {
        _server.Fail(1, command, reply);
        var e = await Assert.ThrowsAsync<SmtpException>(() => Plain(_server).SendAsync("obs@example.com", ["a@example.com"], "x", CancellationToken.None));
        Assert.Equal(permanent, e.Permanent);
        Assert.Contains(reply, e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task ARefusedConnectionIsASocketError()
    {
        var port = _server.Port;
        _server.Dispose();
        var smtp = new SmtpTransport(new SmtpConnectionOptions("127.0.0.1", port) { RequireTls = false });
        await Assert.ThrowsAsync<SocketException>(() => smtp.SendAsync("obs@example.com", ["a@example.com"], "x", CancellationToken.None));
    }

    [Fact]
    public async Task RequiredTlsSendsNothingToARelayWithoutStartTls()
    {
        var smtp = new SmtpTransport(new SmtpConnectionOptions("127.0.0.1", _server.Port) { RequireTls = true });
        var e = await Assert.ThrowsAsync<SmtpException>(() => smtp.SendAsync("obs@example.com", ["a@example.com"], "x", CancellationToken.None));
        Assert.True(e.Permanent);
        Assert.Contains("does not offer STARTTLS", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task StartTlsUpgradesTheSessionBeforeTheCredentialsGo()
    {
        using var certificate = X509Certificate2.CreateFromPemFile(TestPki.Pki.ServingCertFile, TestPki.Pki.ServingKeyFile);
        using var server = new SmtpTestServer(certificate);
        var smtp = new SmtpTransport(new SmtpConnectionOptions("127.0.0.1", server.Port)
        {
            RequireTls = true,
            CaFile = TestPki.Pki.CaCertFile,
            Username = "alice",
            Password = "s3cret",
        });
        await smtp.SendAsync("obs@example.com", ["a@example.com"], "Subject: tls\r\n\r\nbody", CancellationToken.None);
        var mail = Assert.Single(server.Received);
        Assert.True(mail.OverTls);
        Assert.Equal(("alice", "s3cret"), (mail.AuthUser, mail.AuthPassword));
    }

    [Fact]
    public async Task ARelayWhoseCertificateIsNotTrustedGetsNothing()
    {
        using var certificate = X509Certificate2.CreateFromPemFile(TestPki.Pki.ServingCertFile, TestPki.Pki.ServingKeyFile);
        using var server = new SmtpTestServer(certificate);
        var smtp = new SmtpTransport(new SmtpConnectionOptions("127.0.0.1", server.Port) { RequireTls = true });
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(
            () => smtp.SendAsync("obs@example.com", ["a@example.com"], "x", CancellationToken.None));
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task WithoutTlsThePasswordGoesOnlyToARelayOnThisHost()
    {
        // A relay on loopback never puts the password on a network; any other host would need TLS.
        var smtp = new SmtpTransport(new SmtpConnectionOptions("127.0.0.1", _server.Port) { RequireTls = false, Username = "alice", Password = "pw" });
        await smtp.SendAsync("obs@example.com", ["a@example.com"], "x", CancellationToken.None);
        Assert.Equal("alice", Assert.Single(_server.Received).AuthUser);
    }

    public void Dispose() => _server.Dispose();
}
