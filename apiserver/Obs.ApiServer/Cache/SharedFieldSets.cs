namespace Obs.ApiServer.Cache;

/// <summary>
/// One copy of each managedFields field set (<c>fieldsV1</c>) the watch cache holds, by content. A field set names
/// fields and list keys (container names, condition types), not values, so the pods of one ReplicaSet carry the same
/// one for each manager whatever their times: with 50,000 pods the cache held 50,000 copies of a few texts, a third of
/// each pod's bytes. Held weakly, so a set no cached object uses any more is collected; dead entries are swept when
/// the table has grown to twice what was alive at the last sweep.
/// </summary>
internal static class SharedFieldSets
{
    private const int FirstSweep = 1024;

    private static readonly Lock Gate = new();
    // By hash only: on a collision of two live texts the second is not shared (it stays correct, only unshared).
    private static readonly Dictionary<int, WeakReference<byte[]>> ByHash = [];
    private static int _sweepAt = FirstSweep;

    /// <summary>The shared copy of <paramref name="fieldSet"/>'s bytes, made now when none is held.</summary>
    public static byte[] Share(ReadOnlySpan<byte> fieldSet)
    {
        var hash = Hash(fieldSet);
        lock (Gate)
        {
            if (ByHash.TryGetValue(hash, out var held))
            {
                if (held.TryGetTarget(out var shared))
                    return shared.AsSpan().SequenceEqual(fieldSet) ? shared : fieldSet.ToArray();
                var revived = fieldSet.ToArray();
                held.SetTarget(revived);
                return revived;
            }
            if (ByHash.Count >= _sweepAt) Sweep();
            var copy = fieldSet.ToArray();
            ByHash[hash] = new WeakReference<byte[]>(copy);
            return copy;
        }
    }

    /// <summary>How many field sets the table tracks (live or not yet swept): for tests.</summary>
    internal static int Count
    {
        get { lock (Gate) return ByHash.Count; }
    }

    private static void Sweep()
    {
        foreach (var (hash, held) in ByHash)
        {
            if (!held.TryGetTarget(out _)) ByHash.Remove(hash);
        }
        _sweepAt = Math.Max(FirstSweep, ByHash.Count * 2);
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
