namespace Obs.Dashboard.Yaml;

/// <summary>One document of a multi-document manifest: its text and the line (1-based) where it starts in the whole text.</summary>
public sealed record YamlSource(int Index, string Text, int StartLine);
