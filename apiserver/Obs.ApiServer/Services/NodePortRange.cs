namespace Obs.ApiServer.Services;

/// <summary>The node ports Services may have (default 30000-32767, as Kubernetes).</summary>
public sealed class NodePortRange
{
    public NodePortRange(string range)
    {
        Text = range;
        var dash = range.IndexOf('-');
        if (dash < 0 || !int.TryParse(range[..dash], out var low) || !int.TryParse(range[(dash + 1)..], out var high) || low < 1 || high > 65535 || low > high)
            throw new ArgumentException($"invalid node port range {range}: want LOW-HIGH within 1-65535", nameof(range));
        Low = low;
        High = high;
    }

    public string Text { get; }
    public int Low { get; }
    public int High { get; }

    public bool Contains(long port) => port >= Low && port <= High;

    /// <summary>Every port of the range, starting at a random one and wrapping around.</summary>
    public IEnumerable<int> RandomOrder(Random random)
    {
        var size = High - Low + 1;
        var start = random.Next(size);
        for (var i = 0; i < size; i++) yield return Low + (start + i) % size;
    }
}
