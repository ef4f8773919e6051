namespace Obs.Exporter.Collectors;

/// <summary>
/// Metric names derived from the keys of a kernel key/value file (meminfo, vmstat), remembered by line
/// position: those files list the same keys in the same order on every read, so after the first scrape a
/// name is found by comparing the key with the one seen on that line last time, and nothing is allocated.
/// </summary>
internal sealed class FieldNames<T>(Func<ReadOnlySpan<byte>, T> derive)
{
    private readonly List<(byte[] Key, T Value)> lines = [];

    public T Get(int line, ReadOnlySpan<byte> key)
    {
        if (line < lines.Count && lines[line].Key.AsSpan().SequenceEqual(key))
        {
            return lines[line].Value;
        }
        var entry = (key.ToArray(), derive(key));
        while (lines.Count <= line)
        {
            lines.Add(entry);
        }
        lines[line] = entry;
        return entry.Item2;
    }
}
