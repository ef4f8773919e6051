namespace Obs.Exporter.Collectors;

/// <summary>One metric family of a text file: its name, the <c># HELP</c> text if any, its type and its samples in file order.</summary>
public sealed record TextfileFamily(string Name, string? Help, TextfileType Type, IReadOnlyList<TextfileSample> Samples);
