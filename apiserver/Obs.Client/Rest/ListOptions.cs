namespace Obs.Client.Rest;

/// <summary>The query of a LIST: selectors, one page of <see cref="Limit"/> items from <see cref="Continue"/>, and which resourceVersion to read at.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    public int? TimeoutSeconds { get; init; }
}
