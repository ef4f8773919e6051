namespace Obs.ApiServer.Registry;

/// <summary>A <c>DeleteOptions</c> body and query, as far as the apiserver acts on it.</summary>
public sealed record DeleteOptions
{
    /// <summary>Orphan, Background or Foreground; null lets the resource decide (Background).</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Who deletes, as admission webhooks are told; null for the apiserver's own deletes.</summary>
    public Auth.UserInfo? Requester { get; init; }

    /// <summary>Passes a warning to the client (a <c>Warning</c> header); null drops it.</summary>
    public Action<string>? Warn { get; init; }
}
