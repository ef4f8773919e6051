namespace Obs.Dashboard.Yaml;

/// <summary>Something wrong at a line (1-based, in the whole text): a syntax error with its column, or the API's message for a field.</summary>
public sealed record YamlProblem(int Line, int? Column, string? Field, string Message);
