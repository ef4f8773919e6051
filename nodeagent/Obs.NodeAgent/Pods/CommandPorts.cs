using System.Globalization;
using System.Text;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Most manifests name their port on the command line as well as in containerPort
/// (<c>python3 -m http.server 8000</c>, <c>--port=8000</c>, <c>gunicorn -b 0.0.0.0:8000</c>, <c>redis-server --port 6379</c>).
/// When a second replica on the node finds that port taken and is given another, the command still says the declared
/// one and the app fails to bind. So in the command and args of the container whose port moved, the declared port
/// standing as a number of its own (after the start, a space, a quote, <c>:</c> or <c>=</c>; before the end or a
/// character that is neither a digit, a letter nor a dot) becomes the assigned one. <c>18000</c>, <c>8000ms</c> and
/// <c>10.0.8000.1</c> are left alone: they are not the port.
/// </summary>
public static class CommandPorts
{
    public static string Follow(string text, IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        foreach (var (_, declared, assigned) in ports)
        {
            if (declared != assigned) text = Replace(text, declared.ToString(CultureInfo.InvariantCulture), assigned.ToString(CultureInfo.InvariantCulture));
        }
        return text;
    }

    private static string Replace(string text, string declared, string assigned)
    {
        StringBuilder? result = null;
        var copied = 0;
        for (var at = text.IndexOf(declared, StringComparison.Ordinal); at >= 0; at = text.IndexOf(declared, at + declared.Length, StringComparison.Ordinal))
        {
            var end = at + declared.Length;
            if (!StartsANumber(text, at) || !EndsANumber(text, end)) continue;
            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, at - copied).Append(assigned);
            copied = end;
        }
        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool StartsANumber(string text, int at) => at == 0 || text[at - 1] is ' ' or '\t' or '\n' or ':' or '=' or '"' or '\'';

    private static bool EndsANumber(string text, int end) => end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] == '.');
}
