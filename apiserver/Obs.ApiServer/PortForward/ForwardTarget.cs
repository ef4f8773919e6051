namespace Obs.ApiServer.PortForward;

/// <summary>
/// What dialing a pod's port gave: a connection to it, or the reason there is none (written to kubectl's error
/// stream) with the status the node agent answered (none when the agent could not be reached).
/// </summary>
internal sealed record ForwardTarget(Stream? Connection, string? Error, int? AgentStatus = null)
{
    public static ForwardTarget Failed(string error, int? agentStatus = null) => new(null, error, agentStatus);
}

/// <summary>Opens one connection to a pod's port for one forwarded connection.</summary>
internal delegate Task<ForwardTarget> PortDialer(int port, CancellationToken cancellationToken);
