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

    /// <summary>The HTTP request the delete serves, for admission webhooks (<see cref="WriteOptions.Request"/>); null for the apiserver's own.</summary>
    public Microsoft.AspNetCore.Http.HttpContext? Request { get; init; }

    /// <summary>An eviction's deletion of the pod: no webhook is sent it, as none is in kube-apiserver (<see cref="WriteOptions.SkipWebhooks"/>).</summary>
    public bool SkipWebhooks { get; init; }
}
