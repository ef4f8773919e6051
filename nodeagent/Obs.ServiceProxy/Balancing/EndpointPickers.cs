namespace Obs.ServiceProxy.Balancing;

/// <summary>
/// The pickers of every service port, kept across snapshots so that a change elsewhere in the cluster
/// neither resets round robin nor forgets which client sticks to which endpoint. Used by one snapshot
/// build at a time.
/// </summary>
internal sealed class EndpointPickers(TimeProvider time)
{
    private readonly Dictionary<string, EndpointPicker> _pickers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public int Count => _pickers.Count;

    /// <summary>The picker for <paramref name="key"/> (namespace, service, port and protocol), created on first use.</summary>
    public EndpointPicker Get(string key)
    {
        if (!_pickers.TryGetValue(key, out var picker)) _pickers[key] = picker = new EndpointPicker(time);
        _used.Add(key);
        return picker;
    }

    /// <summary>Forgets the pickers no <see cref="Get"/> asked for since the last call: their service ports are gone.</summary>
    public void DropUnused()
    {
        foreach (var key in _pickers.Keys.Where(k => !_used.Contains(k)).ToList()) _pickers.Remove(key);
        _used.Clear();
    }
}
