namespace Obs.Scheduler.Framework;

/// <summary>Lists are equal when they hold equal tolerations in the same order: how <see cref="SharedValues"/> finds a pod's list it already holds.</summary>
internal sealed class TolerationListComparer : IEqualityComparer<Toleration[]>
{
    public static readonly TolerationListComparer Instance = new();

    public bool Equals(Toleration[]? x, Toleration[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(Toleration[] list)
    {
        var hash = new HashCode();
        foreach (var toleration in list) hash.Add(toleration);
        return hash.ToHashCode();
    }
}
