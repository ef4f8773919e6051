namespace Obs.ApiServer.Storage;

/// <summary>One reserved cluster IP or node port and the Service holding it.</summary>
public sealed record ServiceAllocation(string Kind, string Value, string Namespace, string Name, string Uid, DateTimeOffset AllocatedAt)
{
    public const string ClusterIp = "clusterip";
    public const string NodePort = "nodeport";
}
