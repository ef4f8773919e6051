using System.Buffers.Text;
using Obs.Exporter.Collectors;

namespace Obs.Exporter.Containers;

/// <summary>The shapes of cgroup files: flat <c>key value</c> lines, a single number, or a limit that may read <c>max</c>.</summary>
internal static class CgroupText
{
    /// <summary>
    /// The value of <paramref name="key"/> in a flat-keyed file (cpu.stat, memory.stat, memory.events,
    /// memory.oom_control); false when the key is absent.
    /// </summary>
    public static bool TryReadKey(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong value)
    {
        while (ProcText.NextLine(ref text, out var line))
        {
            var name = ProcText.NextField(ref line);
            if (name.SequenceEqual(key))
            {
                value = ProcText.ParseUInt64(ProcText.NextField(ref line));
                return true;
            }
        }
        value = 0;
        return false;
    }

    /// <summary>A file holding one unsigned number (memory.current, pids.current, cpuacct.usage).</summary>
    public static ulong ReadValue(ReadOnlySpan<byte> text) => ProcText.ParseSingleUInt64(text);

    /// <summary>A file holding one signed number (v1's cpu.cfs_quota_us, where -1 means unlimited).</summary>
    public static long ReadSigned(ReadOnlySpan<byte> text) => ProcText.ParseInt64(ProcText.Trim(text));

    /// <summary>A v2 limit such as memory.max: a number, or null for <c>max</c>.</summary>
    public static ulong? ReadLimit(ReadOnlySpan<byte> text)
    {
        var value = ProcText.Trim(text);
        return value.SequenceEqual("max"u8) ? null : ProcText.ParseUInt64(value);
    }

    /// <summary>v2's cpu.max, <c>"$MAX $PERIOD"</c>: the quota (null for <c>max</c>) and the period, both in microseconds.</summary>
    public static (long? QuotaMicros, long PeriodMicros) ReadCpuMax(ReadOnlySpan<byte> text)
    {
        var line = ProcText.Trim(text);
        var quota = ProcText.NextField(ref line);
        var period = ProcText.NextField(ref line);
        if (!Utf8Parser.TryParse(period, out long periodMicros, out var consumed) || consumed != period.Length)
        {
            throw new FormatException("cpu.max has no period.");
        }
        return (quota.SequenceEqual("max"u8) ? null : ProcText.ParseInt64(quota), periodMicros);
    }
}
