namespace Obs.Cli.Cluster;

/// <summary>How long a route waits before its first notification, between updates of a group, and before repeating one.</summary>
public sealed record AlertmanagerRouteTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval)
{
    /// <summary>Alertmanager's own defaults.</summary>
    public static readonly AlertmanagerRouteTiming Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

    /// <summary>A page goes out quickly and repeats hourly while nobody resolves it.</summary>
    public static readonly AlertmanagerRouteTiming Critical = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    /// <summary>Information is gathered for a while and repeated once a day.</summary>
    public static readonly AlertmanagerRouteTiming Info = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(24));
}
