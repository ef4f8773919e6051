using System.Text.Json.Nodes;
using Obs.Api.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Obs.Dashboard.Yaml;

/// <summary>
/// Reads a manifest of one or more documents into JSON objects, each with the line of every field,
/// so the API's complaints about a field can be shown where the user wrote it. Values are typed by
/// the apiserver's own YAML reader (<see cref="YamlToJson"/>), so the dashboard sends what kubectl would.
/// </summary>
public static class YamlManifest
{
    public static IReadOnlyList<YamlDocument> Parse(string text) => [.. YamlSplitter.Split(text).Select(ParseDocument)];

    public static YamlDocument ParseDocument(YamlSource source)
    {
        var offset = source.StartLine - 1;
        var lines = new FieldLines(source.StartLine);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            // YamlDotNet counts lines and columns from 1 within the document.
            var message = e.InnerException?.Message ?? e.Message;
            return new YamlDocument(source, null, lines, new YamlProblem((int)e.Start.Line + offset, (int)e.Start.Column, null, Clean(message)));
        }
        if (stream.Documents.Count == 0) return new YamlDocument(source, null, lines, new YamlProblem(source.StartLine, null, null, "the document is empty"));
        var root = stream.Documents[0].RootNode;
        Index(root, "", lines, offset);
        JsonNode? json;
        try
        {
            json = YamlToJson.Parse(source.Text);
        }
        catch (FormatException e)
        {
            return new YamlDocument(source, null, lines, new YamlProblem((int)root.Start.Line + offset, null, null, e.Message));
        }
        if (json is not JsonObject obj)
            return new YamlDocument(source, null, lines, new YamlProblem((int)root.Start.Line + offset, (int)root.Start.Column, null, "a manifest document must be a mapping (apiVersion, kind, metadata, ...)"));
        return new YamlDocument(source, obj, lines, null);
    }

    /// <summary>Records the line of every key (<c>a.key</c>) and list item (<c>a[0]</c>) under <paramref name="path"/>.</summary>
    private static void Index(YamlNode node, string path, FieldLines lines, int offset)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name }) continue;
                    var line = (int)key.Start.Line + offset;
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    lines.Add(child, line);
                    Index(value, child, lines, offset);
                }
                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var item = $"{path}[{i}]";
                    lines.Add(item, (int)seq.Children[i].Start.Line + offset);
                    Index(seq.Children[i], item, lines, offset);
                }
                break;
        }
    }

    /// <summary>YamlDotNet prefixes its messages with the position, which the problem carries already.</summary>
    private static string Clean(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
