using System.Text;

namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>
/// The DATA body as it goes on the wire (RFC 5321 §4.5.2): every line ends in CRLF, a line that
/// starts with "." gets a second one so that no line of the message reads as the end-of-data
/// marker, and the marker "." ends it. Bare CR and LF become CRLF: SMTP servers refuse or mangle them.
/// </summary>
public static class DotStuffing
{
    public static string Encode(string message)
    {
        var text = new StringBuilder(message.Length + 16);
        foreach (var line in Lines(message))
        {
            if (line.StartsWith('.')) text.Append('.');
            text.Append(line).Append("\r\n");
        }
        return text.Append(".\r\n").ToString();
    }

    /// <summary>The message's lines, split at CRLF, bare LF or bare CR; a trailing line break ends the last line rather than adding an empty one.</summary>
    public static IEnumerable<string> Lines(string message)
    {
        var start = 0;
        for (var i = 0; i < message.Length; i++)
        {
            if (message[i] is not ('\r' or '\n')) continue;
            yield return message[start..i];
            if (message[i] == '\r' && i + 1 < message.Length && message[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < message.Length) yield return message[start..];
    }
}
