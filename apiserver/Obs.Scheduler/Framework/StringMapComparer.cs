namespace Obs.Scheduler.Framework;

/// <summary>Maps are equal when they hold the same entries, in any order: how <see cref="SharedValues"/> finds a label set it already holds.</summary>
internal sealed class StringMapComparer : IEqualityComparer<IReadOnlyDictionary<string, string>>
{
    public static readonly StringMapComparer Instance = new();

    public bool Equals(IReadOnlyDictionary<string, string>? x, IReadOnlyDictionary<string, string>? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.Count != y.Count) return false;
        foreach (var (key, value) in x)
            if (!y.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal)) return false;
        return true;
    }

    public int GetHashCode(IReadOnlyDictionary<string, string> map)
    {
        // Summed, so that the order the entries were added in does not matter.
        var hash = map.Count;
        foreach (var (key, value) in map) hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), StringComparer.Ordinal.GetHashCode(value));
        return hash;
    }
}
