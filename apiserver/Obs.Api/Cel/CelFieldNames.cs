namespace Obs.Api.Cel;

/// <summary>
/// Property names in CEL, as Kubernetes escapes them: a name that is a CEL keyword is written
/// <c>__keyword__</c>, and in other names <c>__</c> → <c>__underscores__</c>, <c>.</c> → <c>__dot__</c>,
/// <c>-</c> → <c>__dash__</c>, <c>/</c> → <c>__slash__</c>.
/// </summary>
public static class CelFieldNames
{
    private static readonly HashSet<string> Keywords =
        ["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    public static string Unescape(string escaped)
    {
        if (escaped.Length > 4 && escaped.StartsWith("__", StringComparison.Ordinal) && escaped.EndsWith("__", StringComparison.Ordinal) &&
            Keywords.Contains(escaped[2..^2]))
            return escaped[2..^2];
        return escaped.Replace("__underscores__", "\0", StringComparison.Ordinal)
            .Replace("__dot__", ".", StringComparison.Ordinal)
            .Replace("__dash__", "-", StringComparison.Ordinal)
            .Replace("__slash__", "/", StringComparison.Ordinal)
            .Replace("\0", "__", StringComparison.Ordinal);
    }

    public static string Escape(string name)
    {
        if (Keywords.Contains(name)) return $"__{name}__";
        return name.Replace("__", "__underscores__", StringComparison.Ordinal)
            .Replace(".", "__dot__", StringComparison.Ordinal)
            .Replace("-", "__dash__", StringComparison.Ordinal)
            .Replace("/", "__slash__", StringComparison.Ordinal);
    }
}
