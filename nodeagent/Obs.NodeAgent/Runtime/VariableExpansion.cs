using System.Text;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion in command, args and env values: a defined variable is
/// replaced, an undefined reference is left as written, and <c>$$</c> escapes a <c>$</c>.
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$'))
        {
            return input;
        }
        var output = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 == input.Length)
            {
                output.Append(input[i]);
                continue;
            }
            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
                continue;
            }
            if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close > 0)
                {
                    var name = input[(i + 2)..close];
                    output.Append(lookup(name) ?? input[i..(close + 1)]);
                    i = close;
                    continue;
                }
            }
            output.Append('$');
        }
        return output.ToString();
    }

    /// <summary>Expands env values in order, each seeing the ones before it, as the kubelet does.</summary>
    public static List<KeyValuePair<string, string>> ExpandEnvironment(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in environment)
        {
            var expanded = Expand(value, n => defined.GetValueOrDefault(n));
            defined[name] = expanded;
            result.Add(new(name, expanded));
        }
        return result;
    }
}
