using System.Globalization;
using System.Text;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The e-mail for one alert notice, as an RFC 5322 message: the subject names the state, the alert
/// and the object (<c>[FIRING] KubePodCrashLooping: Pod default/web-1 (warning)</c>) so the inbox
/// alone tells what broke; the body has the summary, description, runbook, links, labels and
/// annotations. Plain text: it is read on phones and in terminals.
/// </summary>
public static class AlertEmail
{
    public static string Subject(AlertNotice notice)
    {
        var alert = notice.Alert;
        var subject = new StringBuilder().Append('[').Append(notice.Status.ToUpperInvariant()).Append("] ").Append(alert.AlertName);
        if (AlertSubject.From(alert.Labels) is { } about)
            subject.Append(": ").Append(about.Type.Kind).Append(' ').Append(about.Namespace is { } ns ? $"{ns}/{about.Name}" : about.Name);
        if (alert.Labels.GetValueOrDefault("severity") is { Length: > 0 } severity) subject.Append(" (").Append(severity).Append(')');
        return subject.ToString();
    }

    public static string Body(AlertNotice notice, Uri? dashboardUrl)
    {
        var alert = notice.Alert;
        var body = new StringBuilder();
        body.Append(Subject(notice)).Append("\n\n");
        Line(body, "Summary", alert.Annotations.GetValueOrDefault("summary"));
        Line(body, "Description", alert.Annotations.GetValueOrDefault("description"));
        Line(body, "Runbook", alert.Annotations.GetValueOrDefault("runbook_url"));
        Line(body, "Dashboard", dashboardUrl is null ? null : new Uri(dashboardUrl, $"alerts/{alert.Id.ToString(CultureInfo.InvariantCulture)}").ToString());
        Line(body, "Source", alert.GeneratorUrl);
        Line(body, "Started", Rfc3339.Format(alert.StartsAt));
        if (notice.Status == AlertStates.Resolved) Line(body, "Resolved", alert.EndsAt is { } end ? Rfc3339.Format(end) : null);
        Line(body, "Alert", $"{alert.Id.ToString(CultureInfo.InvariantCulture)} (obs alerts ack {alert.Id.ToString(CultureInfo.InvariantCulture)})");
        Section(body, "Labels", alert.Labels);
        Section(body, "Annotations", alert.Annotations);
        return body.ToString();
    }

    /// <summary>The whole message, headers and body; <see cref="Smtp.DotStuffing"/> makes every line end CRLF on the wire.</summary>
    public static string Message(AlertNotice notice, EmailForwardOptions options, DateTimeOffset now)
    {
        var body = Body(notice, options.DashboardUrl);
        var plain = body.All(c => c < 128) && body.Split('\n').All(l => l.Length < 900);
        var domain = options.From[(options.From.IndexOf('@') + 1)..];
        var headers = new StringBuilder()
            .Append("From: ").Append(options.From).Append("\r\n")
            .Append("To: ").Append(string.Join(", ", options.To)).Append("\r\n")
            .Append("Subject: ").Append(HeaderText(Subject(notice))).Append("\r\n")
            .Append("Date: ").Append(now.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000\r\n")
            .Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(domain).Append(">\r\n")
            // Replies and auto-responders have nothing to say to a robot; this keeps vacation notices off the relay.
            .Append("Auto-Submitted: auto-generated\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: ").Append(plain ? "7bit" : "base64").Append("\r\n\r\n");
        return headers.Append(plain ? body : Base64Lines(Encoding.UTF8.GetBytes(body))).ToString();
    }

    private static void Line(StringBuilder body, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        body.Append(name).Append(": ").Append(value.Trim()).Append('\n');
    }

    private static void Section(StringBuilder body, string name, IReadOnlyDictionary<string, string> map)
    {
        body.Append('\n').Append(name).Append(":\n");
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            body.Append("  ").Append(key).Append(" = ").Append(value.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
    }

    /// <summary>ASCII as it is; anything else as RFC 2047 encoded words of whole UTF-8 characters, folded.</summary>
    private static string HeaderText(string text)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' ');
        if (text.All(c => c is >= ' ' and < (char)127)) return text;
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            // 45 bytes of UTF-8 encode to 60 characters of base64: each word stays within 75 (RFC 2047 §2).
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > 45)
            {
                words.Add(EncodedWord(chunk.ToString()));
                chunk.Clear();
            }
            chunk.Append(rune.ToString());
        }
        if (chunk.Length > 0) words.Add(EncodedWord(chunk.ToString()));
        return string.Join("\r\n ", words);
    }

    private static string EncodedWord(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static string Base64Lines(byte[] bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        var lines = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 76) lines.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append("\r\n");
        return lines.ToString();
    }
}
