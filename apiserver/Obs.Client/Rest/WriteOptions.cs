namespace Obs.Client.Rest;

/// <summary>Query options of create, update and patch.</summary>
public sealed record WriteOptions
{
    public bool DryRun { get; init; }
    public string? FieldManager { get; init; }

    /// <summary><c>Strict</c>, <c>Warn</c> or <c>Ignore</c>; null leaves the server's default.</summary>
    public string? FieldValidation { get; init; }

    /// <summary>Server-side apply only: take fields owned by other managers.</summary>
    public bool Force { get; init; }
}
