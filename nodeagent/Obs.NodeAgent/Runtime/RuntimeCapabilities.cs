using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Runtime;

/// <summary>What this machine lets the runtime do, with the reasons when not: for the node's conditions and events.</summary>
public sealed record RuntimeCapabilities(CgroupSupport Cgroups, NamespaceSupport Namespaces)
{
    public bool EnforcesLimits => Cgroups.Usable;

    public bool IsolatesPods => Namespaces.Permitted;
}
