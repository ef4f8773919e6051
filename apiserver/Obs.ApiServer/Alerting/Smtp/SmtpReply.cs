namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines (several for a multiline reply such as EHLO's).</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>2yz: the command was accepted.</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>5yz: the same command will fail again; the client must not repeat it as it was.</summary>
    public bool IsPermanent => Code >= 500;

    public override string ToString() => $"{Code} {string.Join(" / ", Lines)}";
}
