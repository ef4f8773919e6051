namespace Obs.Dashboard.Yaml;

/// <summary>
/// Splits a manifest into documents at <c>---</c> lines, as kubectl does, keeping where each
/// starts so errors found inside a document are reported at their line in the whole text.
/// Documents holding only comments or blank lines are dropped: kubectl skips them too.
/// </summary>
public static class YamlSplitter
{
    public static IReadOnlyList<YamlSource> Split(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var documents = new List<YamlSource>();
        var current = new List<string>();
        var start = 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsSeparator(lines[i]))
            {
                Add(documents, current, start);
                current = [];
                start = i + 2;
                continue;
            }
            current.Add(lines[i]);
        }
        Add(documents, current, start);
        return documents;
    }

    /// <summary><c>---</c> alone or followed by a space or comment; <c>---foo</c> is a scalar, not a separator.</summary>
    private static bool IsSeparator(string line) =>
        line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3]) || line[3] == '#');

    private static void Add(List<YamlSource> documents, List<string> lines, int start)
    {
        if (lines.All(l => l.TrimStart().Length == 0 || l.TrimStart().StartsWith('#'))) return;
        documents.Add(new YamlSource(documents.Count, string.Join('\n', lines), start));
    }
}
