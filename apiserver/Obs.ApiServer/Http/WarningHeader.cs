using System.Text;
using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Http;

/// <summary>
/// <c>Warning: 299 - "text"</c> headers, as Kubernetes sends them to kubectl. The text is quoted
/// the way Go's %q quotes it, so a field name with a newline or non-ASCII character from a
/// client's body can never break the header.
/// </summary>
public static class WarningHeader
{
    public static void Add(HttpContext context, string text) =>
        context.Response.Headers.Append("Warning", "299 - " + Quote(text));

    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case < 0x20 or 0x7f: quoted.Append($"\\x{rune.Value:x2}"); break;
                case < 0x80: quoted.Append((char)rune.Value); break;
                case <= 0xffff: quoted.Append($"\\u{rune.Value:x4}"); break;
                default: quoted.Append($"\\U{rune.Value:x8}"); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
