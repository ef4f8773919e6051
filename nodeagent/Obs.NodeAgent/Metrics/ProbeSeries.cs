namespace Obs.NodeAgent.Metrics;

/// <summary>The labels of one <c>prober_probe_total</c> series, in the order they are written (by name, as the kubelet's client sorts them).</summary>
internal readonly record struct ProbeSeries(string Container, string Namespace, string Pod, string PodUid, string ProbeType, string Result) : IComparable<ProbeSeries>
{
    public int CompareTo(ProbeSeries other)
    {
        var order = string.CompareOrdinal(Namespace, other.Namespace);
        if (order == 0) order = string.CompareOrdinal(Pod, other.Pod);
        if (order == 0) order = string.CompareOrdinal(PodUid, other.PodUid);
        if (order == 0) order = string.CompareOrdinal(Container, other.Container);
        if (order == 0) order = string.CompareOrdinal(ProbeType, other.ProbeType);
        if (order == 0) order = string.CompareOrdinal(Result, other.Result);
        return order;
    }
}
