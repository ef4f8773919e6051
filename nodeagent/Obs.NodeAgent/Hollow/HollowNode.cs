namespace Obs.NodeAgent.Hollow;

/// <summary>
/// One hollow node's whole state: a name, addresses derived from its index, and a counter for
/// the pod IPs it hands out. Kept this small on purpose: a thousand of them cost next to nothing.
/// </summary>
internal sealed class HollowNode(string name, int index)
{
    private int _nextPodIp;

    public string Name { get; } = name;

    public int Index { get; } = index;

    /// <summary>When the node registered: the conditions' lastTransitionTime (they never change).</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The node's InternalIP: 10.0.0.0/10 by index (room for 4M nodes).</summary>
    public string Address => $"10.{(Index >> 16) & 63}.{(Index >> 8) & 255}.{Index & 255}";

    /// <summary>A /24 of pod addresses per node, from 10.64.0.0/10.</summary>
    public string PodCidr => $"{PodPrefix}.0/24";

    private string PodPrefix => $"10.{64 + ((Index >> 8) & 63)}.{Index & 255}";

    /// <summary>The next pod address of the node's range (.1 to .254, then round again).</summary>
    public string NextPodIp()
    {
        var n = Interlocked.Increment(ref _nextPodIp);
        return $"{PodPrefix}.{1 + (n - 1) % 254}";
    }
}
