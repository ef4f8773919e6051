namespace Obs.NodeAgent.Hollow;

internal enum HeartbeatKind
{
    Lease,
    Status,
}
