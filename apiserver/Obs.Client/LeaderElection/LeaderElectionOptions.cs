namespace Obs.Client.LeaderElection;

/// <summary>
/// Which Lease to hold and how: client-go's defaults (15 s lease, renew within 10 s, retry every
/// 2 s). A standby takes over at most LeaseDuration after the leader stops renewing, at once
/// when it releases the Lease.
/// </summary>
public sealed record LeaderElectionOptions
{
    public string Namespace { get; init; } = "kube-system";

    public required string Name { get; init; }

    /// <summary>Who we are (host name plus a unique suffix): written to spec.holderIdentity.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A leader that has not renewed for this long stops leading (before others may take over).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Clear the holder on shutdown, so a standby need not wait out the lease.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
