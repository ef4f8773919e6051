namespace Obs.Exporter.Exposition;

/// <summary>One label pair of a sample. Callers with a span value use <see cref="SampleWriter.Label(string, ReadOnlySpan{char})"/>.</summary>
public readonly record struct Label(string Name, string Value);
