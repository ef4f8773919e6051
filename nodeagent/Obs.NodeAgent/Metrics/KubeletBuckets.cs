namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The kubelet's histogram buckets, so that quantiles and SLO queries written for the kubelet
/// (the kubernetes-mixin's, the scalability SLOs' <c>le="5"</c>) read the agent's histograms unchanged.
/// </summary>
internal static class KubeletBuckets
{
    /// <summary>Pod startup: roughly exponential, in round everyday units from half a second to an hour.</summary>
    public static readonly double[] PodStartup =
        [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600];

    /// <summary>Runtime operations: 14 buckets from 5 ms, each 2.5 times the last (up to about 12 minutes).</summary>
    public static readonly double[] RuntimeOperations = Exponential(0.005, 2.5, 14);

    /// <summary>Bounds start, start·factor, start·factor², … multiplied in turn, so they are the same doubles the kubelet computes.</summary>
    public static double[] Exponential(double start, double factor, int count)
    {
        var bounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            bounds[i] = start;
            start *= factor;
        }
        return bounds;
    }
}
