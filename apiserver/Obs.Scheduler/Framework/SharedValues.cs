using System.Collections.Concurrent;

namespace Obs.Scheduler.Framework;

/// <summary>
/// One instance of each string, toleration and label set that many pods repeat (their namespace, scheduler name,
/// preemption policy, label keys and values, the labels of a workload's pods, the two tolerations every pod is given by default), so that
/// the scheduler's 50,000 <see cref="PodInfo"/>s hold references to one copy rather than a copy each.
/// Bounded: once full, a value not yet pooled is handed back as it is, so that values unique to one pod
/// (a StatefulSet pod's name label) cannot grow the pool for the life of the process.
/// </summary>
public sealed class SharedValues(int capacity)
{
    /// <summary>The pool <see cref="PodInfo"/> uses.</summary>
    public static readonly SharedValues Pods = new(16_384);

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Toleration, Toleration> _tolerations = new();
    private readonly ConcurrentDictionary<Toleration[], Toleration[]> _tolerationLists = new(TolerationListComparer.Instance);
    private readonly ConcurrentDictionary<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> _maps = new(StringMapComparer.Instance);
    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>(StringComparer.Ordinal);
    private int _count;

    /// <summary>The pooled instance equal to <paramref name="value"/>.</summary>
    public string Share(string value) => Share(_strings, value);

    /// <summary>The pooled instance equal to <paramref name="value"/> (tolerations compare by value).</summary>
    public Toleration Share(Toleration value) => Share(_tolerations, value);

    /// <summary>
    /// The pooled list of these tolerations, in this order, each pooled too: every pod is given the same two by default,
    /// and an array of its own for each of 50,000 pods added up. Lists handed out are shared and must not be changed.
    /// </summary>
    public IReadOnlyList<Toleration> ShareTolerations(IEnumerable<Toleration> tolerations)
    {
        var list = tolerations.Select(Share).ToArray();
        return list.Length == 0 ? [] : Share(_tolerationLists, list);
    }

    /// <summary>
    /// The pooled map with the entries of <paramref name="map"/> (labels, a node selector), its keys and
    /// values pooled too. Maps handed out are shared and must not be changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Share(IEnumerable<KeyValuePair<string, string>> map)
    {
        Dictionary<string, string>? copy = null;
        foreach (var (key, value) in map) (copy ??= new(StringComparer.Ordinal))[Share(key)] = Share(value);
        return copy is null ? EmptyMap : Share(_maps, copy);
    }

    private T Share<T>(ConcurrentDictionary<T, T> pool, T value) where T : notnull
    {
        if (pool.TryGetValue(value, out var shared)) return shared;
        // Counted here rather than with pool.Count, which takes every lock of the dictionary.
        if (Volatile.Read(ref _count) >= capacity) return value;
        if (!pool.TryAdd(value, value)) return pool.TryGetValue(value, out shared) ? shared : value;
        Interlocked.Increment(ref _count);
        return value;
    }
}
