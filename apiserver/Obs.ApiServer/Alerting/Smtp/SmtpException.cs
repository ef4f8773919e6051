namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>A reply the client did not expect, or a session it refused to go on with (no STARTTLS where TLS is required).</summary>
public sealed class SmtpException(string message, bool permanent) : Exception(message)
{
    /// <summary>True when trying again would fail the same way: a 5yz reply or a configuration the server cannot satisfy.</summary>
    public bool Permanent { get; } = permanent;

    public static SmtpException Unexpected(string command, SmtpReply reply) =>
        new($"{command}: the server answered {reply}", reply.IsPermanent);
}
