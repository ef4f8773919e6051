using System.Text;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Kubernetes' <c>$(VAR)</c> expansion in env values, command and args: a defined name is
/// replaced, an undefined one is left as written, and <c>$$</c> escapes a literal <c>$</c>.
/// </summary>
public static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        var output = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
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
                if (close > i + 2)
                {
                    var name = input[(i + 2)..close];
                    if (lookup(name) is { } value)
                    {
                        output.Append(value);
                    }
                    else
                    {
                        output.Append(input, i, close - i + 1);
                    }
                    i = close;
                    continue;
                }
            }
            output.Append('$');
        }
        return output.ToString();
    }
}
