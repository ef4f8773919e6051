using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>
/// One family name across the text files that give it: checks that they agree, fills labels a series lacks with
/// empty values (as node_exporter does, so every series of a family has the same label names), drops repeated
/// series, and writes the family.
/// </summary>
internal sealed class TextfileMerge
{
    private readonly List<TextfileFamily> families = [];
    private readonly List<string> paths = [];

    public TextfileMerge(TextfileFamily family, string path)
    {
        Name = family.Name;
        Type = family.Type;
        Help = family.Help;
        families.Add(family);
        paths.Add(path);
    }

    public string Name { get; }

    public TextfileType Type { get; }

    public string? Help { get; private set; }

    /// <summary>Adds another file's family of the same name; the reason it was refused, or null.</summary>
    public string? Add(TextfileFamily family, string path)
    {
        if (family.Type != Type)
        {
            return $"{path} gives it as {family.Type}, an earlier file as {Type}";
        }
        if (family.Help is not null && Help is not null && family.Help != Help)
        {
            return $"{path} gives it another help text than an earlier file";
        }
        Help ??= family.Help;
        families.Add(family);
        paths.Add(path);
        return null;
    }

    /// <summary>Writes the family unless its name is taken (<paramref name="written"/> collects names); returns what was left out.</summary>
    public List<string> Write(MetricsWriter writer, HashSet<string> written)
    {
        var problems = new List<string>();
        var help = Help ?? "Metric read from " + string.Join(", ", paths);
        var special = Type switch
        {
            TextfileType.Histogram => "le",
            TextfileType.Summary => "quantile",
            _ => null,
        };
        var labelNames = families
            .SelectMany(family => family.Samples)
            .SelectMany(sample => sample.Labels)
            .Select(label => label.Name)
            .Where(name => name != special)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        bool Claim(string name)
        {
            if (written.Add(name))
            {
                return true;
            }
            problems.Add($"the family name {name} is already taken");
            return false;
        }

        switch (Type)
        {
            case TextfileType.Histogram:
                if (Claim(Name))
                {
                    writer.WriteHeader(Name, MetricFamilyType.Histogram, help);
                    foreach (var series in Group(labelNames, problems))
                    {
                        series.WriteHistogram(writer, Name);
                    }
                }
                break;
            case TextfileType.Summary:
                var summaries = Group(labelNames, problems);
                if (Claim(Name))
                {
                    writer.WriteHeader(Name, MetricFamilyType.Unknown, help);
                    foreach (var series in summaries)
                    {
                        series.WriteQuantiles(writer, Name);
                    }
                }
                foreach (var suffix in (ReadOnlySpan<string>)["_sum", "_count"])
                {
                    var name = Name + suffix;
                    if (Claim(name))
                    {
                        writer.WriteHeader(name, MetricFamilyType.Unknown, help);
                        foreach (var series in summaries)
                        {
                            writer.BeginSample(name).Labels(series.Labels).Value(suffix == "_sum" ? series.Sum : series.Count);
                        }
                    }
                }
                break;
            default:
                if (Claim(Name))
                {
                    WriteSimple(writer, help, labelNames, problems);
                }
                break;
        }
        return problems;
    }

    private void WriteSimple(MetricsWriter writer, string help, string[] labelNames, List<string> problems)
    {
        var type = Type switch
        {
            TextfileType.Counter when Name.EndsWith("_total", StringComparison.Ordinal) && Name.Length > "_total".Length => MetricFamilyType.Counter,
            TextfileType.Gauge => MetricFamilyType.Gauge,
            _ => MetricFamilyType.Unknown,
        };
        writer.WriteHeader(Name, type, help);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in families.SelectMany(family => family.Samples))
        {
            var labels = Fill(labelNames, sample);
            if (!seen.Add(Key(labels)))
            {
                problems.Add($"a series of {Name} is given twice");
                continue;
            }
            writer.BeginSample(Name).Labels(labels).Value(sample.Value);
        }
    }

    /// <summary>The histogram or summary series, by their labels without <c>le</c> or <c>quantile</c>, in the order first seen.</summary>
    private List<TextfileSeries> Group(string[] labelNames, List<string> problems)
    {
        var series = new List<TextfileSeries>();
        var byKey = new Dictionary<string, TextfileSeries>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            foreach (var sample in family.Samples)
            {
                var labels = Fill(labelNames, sample);
                var key = Key(labels);
                if (!byKey.TryGetValue(key, out var one))
                {
                    one = new TextfileSeries(family, labels);
                    byKey.Add(key, one);
                    series.Add(one);
                }
                else if (one.Family != family)
                {
                    problems.Add($"a series of {Name} is given twice");
                    continue;
                }
                one.Add(sample, Name);
            }
        }
        return series;
    }

    private static Label[] Fill(string[] labelNames, TextfileSample sample) =>
        Array.ConvertAll(labelNames, name => new Label(name, sample.LabelValue(name) ?? ""));

    private static string Key(Label[] labels) => string.Join('\xff', labels.Select(label => label.Value));
}
