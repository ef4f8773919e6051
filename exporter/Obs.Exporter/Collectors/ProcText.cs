using System.Buffers.Text;

namespace Obs.Exporter.Collectors;

/// <summary>Walks kernel text files (lines of space-separated fields) as spans, without copying.</summary>
internal static class ProcText
{
    /// <summary>Takes the next line off <paramref name="text"/>; false at the end. Empty lines are returned as empty.</summary>
    public static bool NextLine(scoped ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        if (text.IsEmpty)
        {
            line = default;
            return false;
        }
        var end = text.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = text;
            text = default;
            return true;
        }
        line = text[..end];
        text = text[(end + 1)..];
        return true;
    }

    /// <summary>Takes the next whitespace-separated field off <paramref name="line"/>; empty when none is left.</summary>
    public static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> line)
    {
        var start = 0;
        while (start < line.Length && IsSpace(line[start]))
        {
            start++;
        }
        var end = start;
        while (end < line.Length && !IsSpace(line[end]))
        {
            end++;
        }
        var field = line[start..end];
        line = line[end..];
        return field;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        var end = text.Length;
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }

    public static ulong ParseUInt64(ReadOnlySpan<byte> field)
    {
        if (!Utf8Parser.TryParse(field, out ulong value, out var consumed) || consumed != field.Length)
        {
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(field)}' is not an unsigned integer.");
        }
        return value;
    }

    public static long ParseInt64(ReadOnlySpan<byte> field)
    {
        if (!Utf8Parser.TryParse(field, out long value, out var consumed) || consumed != field.Length)
        {
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(field)}' is not an integer.");
        }
        return value;
    }

    public static double ParseDouble(ReadOnlySpan<byte> field)
    {
        if (!Utf8Parser.TryParse(field, out double value, out var consumed) || consumed != field.Length)
        {
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(field)}' is not a number.");
        }
        return value;
    }

    /// <summary>A hexadecimal field without 0x, as in /proc/net/softnet_stat.</summary>
    public static ulong ParseHex(ReadOnlySpan<byte> field)
    {
        if (!Utf8Parser.TryParse(field, out ulong value, out var consumed, 'x') || consumed != field.Length)
        {
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(field)}' is not a hexadecimal number.");
        }
        return value;
    }

    /// <summary>The first line of a one-value file such as /proc/sys/fs/file-max, parsed.</summary>
    public static ulong ParseSingleUInt64(ReadOnlySpan<byte> text) => ParseUInt64(Trim(text));

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
