namespace Obs.Exporter.Exposition;

/// <summary>The character rules for metric and label names that both text formats and Prometheus enforce.</summary>
internal static class NameRules
{
    /// <summary><c>[a-zA-Z_:][a-zA-Z0-9_:]*</c></summary>
    public static bool IsMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != ':')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c>, and not starting with <c>__</c>, which Prometheus reserves.</summary>
    public static bool IsLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]) || name.StartsWith("__"))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
