namespace Obs.ApiServer.PortForward;

/// <summary>What dialing a pod's port gave: a connection to it, or the reason there is none (written to kubectl's error stream).</summary>
internal sealed record ForwardTarget(Stream? Connection, string? Error)
{
    public static ForwardTarget Failed(string error) => new(null, error);
}

/// <summary>Opens one connection to a pod's port for one forwarded connection.</summary>
internal delegate Task<ForwardTarget> PortDialer(int port, CancellationToken cancellationToken);
