using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obs.Exporter.Exposition;
using OpenTelemetry;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// The labels of one metric point: attribute keys turned into label names (cached, keys are few), values
/// formatted into one reusable character buffer, sorted by name so output is stable. Two keys that
/// sanitise to the same name (<c>a.b</c>, <c>a_b</c>) become one label whose values are joined with
/// <c>;</c> in key order, as the OpenTelemetry specification asks, so no label is written twice.
/// Used under the registry's scrape lock only.
/// </summary>
internal sealed class TagLabels
{
    private readonly Dictionary<string, string> labelNames = new(StringComparer.Ordinal);
    private Entry[] entries = new Entry[8];
    private char[] chars = new char[256];
    private int count;
    private int used;

    public int Count => count;

    public void Load(ReadOnlyTagCollection tags)
    {
        count = 0;
        used = 0;
        foreach (var tag in tags)
        {
            if (!labelNames.TryGetValue(tag.Key, out var name))
            {
                name = PrometheusNames.LabelName(tag.Key);
                labelNames[tag.Key] = name;
            }
            var start = used;
            AppendValue(tag.Value);
            if (count == entries.Length)
            {
                Array.Resize(ref entries, count * 2);
            }
            entries[count++] = new Entry(name, tag.Key, start, used - start);
        }
        Sort();
        MergeSameNames();
    }

    public SampleWriter AddTo(SampleWriter sample)
    {
        for (var i = 0; i < count; i++)
        {
            sample = sample.Label(entries[i].Name, chars.AsSpan(entries[i].Start, entries[i].Length));
        }
        return sample;
    }

    // Insertion sort: a point has a handful of attributes.
    private void Sort()
    {
        for (var i = 1; i < count; i++)
        {
            var current = entries[i];
            var j = i - 1;
            while (j >= 0 && Compare(entries[j], current) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }
            entries[j + 1] = current;
        }
    }

    private static int Compare(Entry a, Entry b)
    {
        var byName = string.CompareOrdinal(a.Name, b.Name);
        return byName != 0 ? byName : string.CompareOrdinal(a.Key, b.Key);
    }

    private void MergeSameNames()
    {
        var kept = 0;
        for (var i = 0; i < count;)
        {
            var end = i + 1;
            while (end < count && entries[end].Name == entries[i].Name)
            {
                end++;
            }
            if (end == i + 1)
            {
                entries[kept++] = entries[i];
            }
            else
            {
                var start = used;
                for (var k = i; k < end; k++)
                {
                    if (k > i)
                    {
                        Append(";");
                    }
                    EnsureSpace(entries[k].Length);
                    Array.Copy(chars, entries[k].Start, chars, used, entries[k].Length);
                    used += entries[k].Length;
                }
                entries[kept++] = entries[i] with { Start = start, Length = used - start };
            }
            i = end;
        }
        count = kept;
    }

    private void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                Append(text);
                return;
            case bool flag:
                Append(flag ? "true" : "false");
                return;
            case ISpanFormattable formattable:
                int written;
                while (!formattable.TryFormat(chars.AsSpan(used), out written, default, CultureInfo.InvariantCulture))
                {
                    EnsureSpace(chars.Length);
                }
                used += written;
                return;
            case IEnumerable items:
                // Array attributes are exposed as JSON arrays, as the OpenTelemetry specification asks.
                Append(JsonArray(items));
                return;
            default:
                Append(value.ToString());
                return;
        }
    }

    /// <summary>
    /// An array attribute as JSON. OpenTelemetry's arrays hold strings, booleans, integers or doubles; each is written
    /// as JsonSerializer writes it, without its reflection-based serializer (the natively compiled agent has none).
    /// </summary>
    private static string JsonArray(IEnumerable items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                switch (item)
                {
                    case null: writer.WriteNullValue(); break;
                    case string text: writer.WriteStringValue(text); break;
                    case bool flag: writer.WriteBooleanValue(flag); break;
                    case double number: writer.WriteNumberValue(number); break;
                    case float number: writer.WriteNumberValue(number); break;
                    case decimal number: writer.WriteNumberValue(number); break;
                    case ulong number: writer.WriteNumberValue(number); break;
                    case IConvertible integer and (sbyte or byte or short or ushort or int or uint or long):
                        writer.WriteNumberValue(integer.ToInt64(CultureInfo.InvariantCulture)); break;
                    default: writer.WriteStringValue(item.ToString()); break;
                }
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Append(ReadOnlySpan<char> text)
    {
        EnsureSpace(text.Length);
        text.CopyTo(chars.AsSpan(used));
        used += text.Length;
    }

    private void EnsureSpace(int needed)
    {
        if (chars.Length - used < needed)
        {
            Array.Resize(ref chars, Math.Max(chars.Length * 2, used + needed));
        }
    }

    private readonly record struct Entry(string Name, string Key, int Start, int Length);
}
