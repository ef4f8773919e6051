using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Obs.Api.Quantities;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// Resource amounts (<c>resources.requests</c>, a node's capacity) as kube-state-metrics reports them: the
/// resource name made a valid label value, a unit, and the value in cores, bytes or a plain count. Quantity
/// strings repeat across a cluster (<c>100m</c>, <c>128Mi</c>), so each distinct one is parsed once and kept.
/// </summary>
internal sealed class ResourceQuantities
{
    private const int MaxCached = 4096;
    private const int MaxQuantityLength = 64;

    private readonly byte[] labelScratch = new byte[253];
    private readonly Dictionary<string, Quantity?> parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Quantity?>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public ResourceQuantities()
    {
        lookup = parsed.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The unit and value of one resource entry; false for resources kube-state-metrics leaves out (or an unparsable quantity).
    /// <paramref name="countPods"/> admits <c>pods</c>, which only nodes report.
    /// </summary>
    public bool TryRead(JsonProperty resource, bool countPods, out string unit, out double value)
    {
        unit = "";
        value = 0;
        var name = JsonMarshal.GetRawUtf8PropertyName(resource);
        if (!TryUnit(name, countPods, out unit) || !TryParse(resource.Value, out var quantity))
        {
            return false;
        }
        value = unit == "core" ? quantity.MilliValue / 1000.0 : quantity.Value;
        return true;
    }

    /// <summary>
    /// Any quantity in its base unit (cores, bytes, a count), read as kube-state-metrics reads LimitRange amounts:
    /// thousandths divided by 1000, whatever the resource. False for a quantity that does not parse.
    /// </summary>
    public bool TryReadAmount(JsonElement value, out double amount)
    {
        amount = 0;
        if (!TryParse(value, out var quantity))
        {
            return false;
        }
        amount = quantity.MilliValue / 1000.0;
        return true;
    }

    /// <summary>The <c>resource</c> label: the name with every character outside <c>[a-zA-Z0-9_]</c> made <c>_</c> (<c>ephemeral_storage</c>).</summary>
    public SampleWriter ResourceLabel(SampleWriter sample, JsonProperty resource)
    {
        var name = JsonMarshal.GetRawUtf8PropertyName(resource);
        // A field, not stackalloc: the sample writer may not hold on to stack memory.
        var sanitized = labelScratch.AsSpan(0, Math.Min(name.Length, labelScratch.Length));
        for (var i = 0; i < sanitized.Length; i++)
        {
            var c = name[i];
            sanitized[i] = char.IsAsciiLetterOrDigit((char)c) || c == (byte)'_' ? c : (byte)'_';
        }
        return sample.Label("resource", sanitized);
    }

    private static bool TryUnit(ReadOnlySpan<byte> name, bool countPods, out string unit)
    {
        if (name.SequenceEqual("cpu"u8))
        {
            unit = "core";
            return true;
        }
        if (name.SequenceEqual("memory"u8) || name.SequenceEqual("storage"u8) || name.SequenceEqual("ephemeral-storage"u8) ||
            name.StartsWith("hugepages-"u8) || name.StartsWith("attachable-volumes-"u8))
        {
            unit = "byte";
            return true;
        }
        if ((countPods && name.SequenceEqual("pods"u8)) || IsExtended(name))
        {
            unit = "integer";
            return true;
        }
        unit = "";
        return false;
    }

    // Extended resources are domain-prefixed names outside kubernetes.io, such as nvidia.com/gpu.
    private static bool IsExtended(ReadOnlySpan<byte> name) =>
        name.IndexOf((byte)'/') > 0 && !name.StartsWith("kubernetes.io/"u8) && !name.StartsWith("requests."u8);

    private bool TryParse(JsonElement value, out Quantity quantity)
    {
        quantity = default;
        ReadOnlySpan<byte> utf8;
        if (value.ValueKind == JsonValueKind.Number)
        {
            utf8 = JsonMarshal.GetRawUtf8Value(value);
        }
        else if (!value.TryGetRawString(out utf8))
        {
            return false;
        }
        if (utf8.IsEmpty || utf8.Length > MaxQuantityLength)
        {
            return false;
        }

        Span<char> text = stackalloc char[MaxQuantityLength];
        var length = Encoding.UTF8.GetChars(utf8, text);
        if (!lookup.TryGetValue(text[..length], out var known))
        {
            if (parsed.Count >= MaxCached)
            {
                parsed.Clear();
            }
            var key = new string(text[..length]);
            known = Quantity.TryParse(key, out var fresh, out _) ? fresh : null;
            parsed[key] = known;
        }
        if (known is not { } found)
        {
            return false;
        }
        quantity = found;
        return true;
    }
}
