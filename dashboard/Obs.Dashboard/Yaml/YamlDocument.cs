using System.Text.Json.Nodes;

namespace Obs.Dashboard.Yaml;

/// <summary>One parsed document: the object (null when the YAML is not valid) with its field lines, or the syntax problem.</summary>
public sealed record YamlDocument(YamlSource Source, JsonObject? Object, FieldLines Lines, YamlProblem? SyntaxError);
