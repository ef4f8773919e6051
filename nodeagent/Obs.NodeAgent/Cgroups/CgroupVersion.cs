namespace Obs.NodeAgent.Cgroups;

public enum CgroupVersion
{
    None,
    V1,
    V2,
}
