using System.Globalization;
using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 as node_exporter's textfile collector does (client_golang's
/// text parser): <c># HELP</c> and <c># TYPE</c> lines, other comments skipped, samples <c>name{label="value",…} value</c>.
/// A histogram or summary family takes its <c>_bucket</c> (with <c>le</c>), <c>_sum</c> and <c>_count</c> samples.
/// Anything malformed throws a <see cref="FormatException"/> naming the line; so does a sample with a timestamp,
/// which node_exporter refuses in text files.
/// </summary>
public static class TextfileParser
{
    public static IReadOnlyList<TextfileFamily> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var families = new List<Builder>();
        var byName = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.AsSpan().TrimStart(" \t").TrimEnd('\r');
            if (line.IsEmpty)
            {
                continue;
            }
            try
            {
                if (line[0] == '#')
                {
                    ReadComment(line[1..], families, byName);
                }
                else
                {
                    ReadSample(line, families, byName);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {lineNumber}: {e.Message}", e);
            }
        }
        return families
            .Where(family => family.Samples.Count > 0)
            .Select(family => new TextfileFamily(family.Name, family.Help, family.Type, family.Samples))
            .ToArray();
    }

    private static void ReadComment(ReadOnlySpan<char> line, List<Builder> families, Dictionary<string, Builder> byName)
    {
        line = line.TrimStart(" \t");
        var keyword = NextToken(ref line);
        if (keyword is not ("HELP" or "TYPE"))
        {
            return;
        }
        var name = NextToken(ref line).ToString();
        if (!NameRules.IsMetricName(name))
        {
            throw new FormatException($"invalid metric name '{name}' in {keyword} line");
        }
        var family = Family(name, families, byName);
        var rest = line.TrimStart(" \t");
        if (keyword is "HELP")
        {
            if (family.Help is not null)
            {
                throw new FormatException($"second HELP line for metric name '{name}'");
            }
            family.Help = UnescapeHelp(rest);
            return;
        }
        if (family.Typed)
        {
            throw new FormatException($"second TYPE line for metric name '{name}'");
        }
        if (family.Samples.Count > 0)
        {
            throw new FormatException($"TYPE line for '{name}' after its samples");
        }
        family.Type = rest.TrimEnd(" \t") switch
        {
            "counter" => TextfileType.Counter,
            "gauge" => TextfileType.Gauge,
            "histogram" => TextfileType.Histogram,
            "summary" => TextfileType.Summary,
            "untyped" => TextfileType.Untyped,
            var other => throw new FormatException($"unknown metric type '{other}'"),
        };
        family.Typed = true;
    }

    private static void ReadSample(ReadOnlySpan<char> line, List<Builder> families, Dictionary<string, Builder> byName)
    {
        var nameLength = 0;
        while (nameLength < line.Length && (char.IsAsciiLetterOrDigit(line[nameLength]) || line[nameLength] is '_' or ':'))
        {
            nameLength++;
        }
        var name = line[..nameLength].ToString();
        if (!NameRules.IsMetricName(name))
        {
            throw new FormatException($"invalid metric name in '{line}'");
        }
        line = line[nameLength..].TrimStart(" \t");
        var labels = new List<Label>();
        if (!line.IsEmpty && line[0] == '{')
        {
            line = ReadLabels(line[1..], labels);
        }
        var valueToken = NextToken(ref line);
        if (valueToken.IsEmpty)
        {
            throw new FormatException($"sample '{name}' has no value");
        }
        var value = ParseValue(valueToken);
        if (!NextToken(ref line).IsEmpty)
        {
            throw new FormatException($"sample '{name}' has a timestamp, which text files may not have");
        }

        var family = FamilyOf(name, families, byName);
        var sample = new TextfileSample(name, labels, value);
        switch (family.Type)
        {
            case TextfileType.Histogram when name == family.Name + "_bucket":
                ParseValue(sample.LabelValue("le") ?? throw new FormatException($"bucket of histogram '{family.Name}' has no le label"));
                break;
            case TextfileType.Histogram when name == family.Name:
                throw new FormatException($"histogram '{family.Name}' has a sample without _bucket, _sum or _count");
            case TextfileType.Summary when name == family.Name:
                ParseValue(sample.LabelValue("quantile") ?? throw new FormatException($"summary '{family.Name}' has a sample without a quantile label"));
                break;
        }
        family.Samples.Add(sample);
    }

    /// <summary>Reads <c>name="value",…}</c> after the opening brace; returns the rest of the line after the closing one.</summary>
    private static ReadOnlySpan<char> ReadLabels(ReadOnlySpan<char> line, List<Label> labels)
    {
        while (true)
        {
            line = line.TrimStart(" \t");
            if (line.IsEmpty)
            {
                throw new FormatException("unterminated label set");
            }
            if (line[0] == '}')
            {
                return line[1..];
            }
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw new FormatException("label without '='");
            }
            var labelName = line[..equals].TrimEnd(" \t").ToString();
            if (!NameRules.IsLabelName(labelName))
            {
                throw new FormatException($"invalid label name '{labelName}'");
            }
            if (labels.Exists(label => label.Name == labelName))
            {
                throw new FormatException($"label '{labelName}' given twice");
            }
            line = line[(equals + 1)..].TrimStart(" \t");
            if (line.IsEmpty || line[0] != '"')
            {
                throw new FormatException($"value of label '{labelName}' is not quoted");
            }
            var value = new StringBuilder();
            var i = 1;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] != '\\')
                {
                    value.Append(line[i]);
                    continue;
                }
                if (++i >= line.Length)
                {
                    break;
                }
                value.Append(line[i] switch
                {
                    'n' => '\n',
                    '\\' => '\\',
                    '"' => '"',
                    var other => throw new FormatException($"invalid escape '\\{other}' in label '{labelName}'"),
                });
            }
            if (i >= line.Length)
            {
                throw new FormatException($"value of label '{labelName}' is not closed");
            }
            labels.Add(new Label(labelName, value.ToString()));
            line = line[(i + 1)..].TrimStart(" \t");
            if (!line.IsEmpty && line[0] == ',')
            {
                line = line[1..];
            }
            else if (line.IsEmpty || line[0] != '}')
            {
                throw new FormatException("expected ',' or '}' after a label");
            }
        }
    }

    /// <summary>A float as Go's ParseFloat takes it, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.</summary>
    public static double ParseValue(ReadOnlySpan<char> token)
    {
        var unsigned = token.TrimStart("+-");
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return token[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }
        if (token.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new FormatException($"expected a float as value, got '{token}'");
    }

    /// <summary>The family a sample belongs to: <c>x_bucket</c>, <c>x_sum</c>, <c>x_count</c> join a histogram or summary <c>x</c>.</summary>
    private static Builder FamilyOf(string name, List<Builder> families, Dictionary<string, Builder> byName)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)
                && byName.TryGetValue(name[..^suffix.Length], out var parent)
                && (parent.Type == TextfileType.Histogram || (parent.Type == TextfileType.Summary && suffix != "_bucket")))
            {
                return parent;
            }
        }
        return Family(name, families, byName);
    }

    private static Builder Family(string name, List<Builder> families, Dictionary<string, Builder> byName)
    {
        if (!byName.TryGetValue(name, out var family))
        {
            family = new Builder(name);
            byName.Add(name, family);
            families.Add(family);
        }
        return family;
    }

    private static string UnescapeHelp(ReadOnlySpan<char> text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or '\\')
            {
                result.Append(text[++i] == 'n' ? '\n' : '\\');
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }

    private static ReadOnlySpan<char> NextToken(ref ReadOnlySpan<char> line)
    {
        line = line.TrimStart(" \t");
        var end = line.IndexOfAny(' ', '\t');
        var token = end < 0 ? line : line[..end];
        line = end < 0 ? default : line[end..];
        return token;
    }

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;

        public string? Help { get; set; }

        public TextfileType Type { get; set; }

        public bool Typed { get; set; }

        public List<TextfileSample> Samples { get; } = [];
    }
}
