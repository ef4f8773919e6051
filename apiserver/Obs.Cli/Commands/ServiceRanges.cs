using System.Net;
using Obs.ApiServer.Services;

namespace Obs.Cli.Commands;

/// <summary>What is wrong with the ranges <c>obs apiserver</c> is given for Services, said as the flags name them.</summary>
public static class ServiceRanges
{
    public static string? Problem(string clusterIpRange, string nodePortRange)
    {
        try
        {
            var range = new ServiceIpRange(clusterIpRange);
            // Kubernetes' habit is 10.96.0.0/12; here no agent could listen there, so every Service would be unreachable.
            if (!IPAddress.IsLoopback(range.First))
                return $"--service-cluster-ip-range {clusterIpRange}: must lie in 127.0.0.0/8, where every node agent listens on every Service address (default {Obs.ApiServer.ApiServerOptions.DefaultServiceClusterIpRange})";
            _ = new NodePortRange(nodePortRange);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
    }
}
