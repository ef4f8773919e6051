namespace Obs.Client.Rest;

/// <summary>
/// Client-side behaviour of an <see cref="ApiClient"/>. The QPS/burst defaults are client-go's
/// (5/10): a component that issues more requests raises them knowingly; 0 QPS turns throttling off.
/// </summary>
public sealed record ApiClientOptions
{
    public double Qps { get; init; } = 5;
    public int Burst { get; init; } = 10;

    /// <summary>How long a non-watch request may take, response body included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "obs-client";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
