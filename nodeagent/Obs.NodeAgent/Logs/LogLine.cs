using System.Globalization;
using System.Text;

namespace Obs.NodeAgent.Logs;

/// <summary>
/// One line of a container log in the CRI format the kubelet reads:
/// <c>2026-11-22T02:55:00.123456700Z stdout F text</c>, where P marks a line split because it
/// was too long and F the line's last piece.
/// </summary>
public readonly record struct LogLine(DateTimeOffset Time, LogStream Stream, bool Partial, string Text)
{
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    /// <summary>What <c>kubectl logs</c> prints: the text, after the time when timestamps are asked for.</summary>
    public string Format(bool timestamps) => timestamps ? FormatTime(Time) + " " + Text : Text;

    public string ToCri() => $"{FormatTime(Time)} {(Stream == LogStream.Stdout ? "stdout" : "stderr")} {(Partial ? 'P' : 'F')} {Text}";

    public static byte[] EncodeCri(DateTimeOffset time, LogStream stream, bool partial, ReadOnlySpan<byte> text)
    {
        var prefix = Encoding.ASCII.GetBytes($"{FormatTime(time)} {(stream == LogStream.Stdout ? "stdout" : "stderr")} {(partial ? 'P' : 'F')} ");
        var line = new byte[prefix.Length + text.Length + 1];
        prefix.CopyTo(line, 0);
        text.CopyTo(line.AsSpan(prefix.Length));
        line[^1] = (byte)'\n';
        return line;
    }

    public static bool TryParse(string line, out LogLine parsed)
    {
        parsed = default;
        var first = line.IndexOf(' ');
        if (first < 20)
        {
            return false;
        }
        var second = line.IndexOf(' ', first + 1);
        if (second < 0 || second + 2 > line.Length)
        {
            return false;
        }
        var stamp = line[..first];
        // .NET parses at most 7 fraction digits; the two extra nanosecond digits are always 0 here.
        var trimmed = stamp.Length == 30 ? stamp[..27] + "Z" : stamp;
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }
        var streamName = line[(first + 1)..second];
        var stream = streamName == "stderr" ? LogStream.Stderr : LogStream.Stdout;
        var tag = line[second + 1];
        var text = second + 3 <= line.Length ? line[(second + 3)..] : "";
        parsed = new LogLine(time, stream, tag == 'P', text);
        return true;
    }
}
