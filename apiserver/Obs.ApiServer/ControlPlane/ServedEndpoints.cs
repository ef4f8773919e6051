using System.Net;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// What the <c>kubernetes</c> Service's endpoints list, decided from the live replicas alone so
/// that every replica comes to the same answer and none undoes another's write. A slice has one
/// port for all its addresses: replicas normally share it; when they do not, the port most of them
/// serve on wins (the lowest on a tie), and only the replicas on that port are listed.
/// </summary>
public sealed record ServedEndpoints(int Port, IReadOnlyList<IPAddress> Addresses)
{
    public static ServedEndpoints? Choose(IEnumerable<ApiServerEndpoint> live)
    {
        var byPort = live.GroupBy(e => e.Port).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
        if (byPort is null) return null;
        var addresses = byPort.Select(e => e.Address).Distinct()
            .OrderBy(a => a.GetAddressBytes(), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)))
            .ToList();
        return new ServedEndpoints(byPort.Key, addresses);
    }
}
