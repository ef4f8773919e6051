using System.Globalization;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Eviction;

/// <summary>
/// The kubelet's <c>--eviction-hard</c>: comma-separated <c>signal&lt;value</c>. As in Kubernetes,
/// giving any threshold replaces all the defaults (memory.available&lt;100Mi, nodefs.available&lt;10%,
/// nodefs.inodesFree&lt;5%, here also pid.available&lt;10%); every bad term is reported at once.
/// </summary>
public static class EvictionThresholds
{
    public const string Defaults = "memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,pid.available<10%";

    public static IReadOnlyList<EvictionThreshold> Parse(string? text)
    {
        var thresholds = new List<EvictionThreshold>();
        var errors = new List<string>();
        foreach (var term in (string.IsNullOrWhiteSpace(text) ? Defaults : text).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lt = term.IndexOf('<');
            if (lt <= 0)
            {
                errors.Add($"\"{term}\": expected signal<value, for example memory.available<100Mi");
                continue;
            }
            var name = term[..lt].Trim();
            var value = term[(lt + 1)..].Trim();
            if (EvictionSignals.Parse(name) is not { } signal)
            {
                errors.Add($"\"{name}\": not a supported signal (memory.available, nodefs.available, nodefs.inodesFree, pid.available)");
                continue;
            }
            if (thresholds.Any(t => t.Signal == signal))
            {
                errors.Add($"\"{name}\": given twice");
                continue;
            }
            if (value.EndsWith('%'))
            {
                if (!double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent is < 0 or > 100)
                    errors.Add($"\"{term}\": the percentage must be between 0% and 100%");
                else
                    thresholds.Add(new EvictionThreshold(signal, null, percent / 100));
                continue;
            }
            if (!Quantity.TryParse(value, out var quantity, out var error) || quantity.Sign < 0)
                errors.Add($"\"{term}\": {error ?? "the quantity must not be negative"}");
            else
                thresholds.Add(new EvictionThreshold(signal, quantity, null));
        }
        if (errors.Count > 0) throw new FormatException("eviction-hard: " + string.Join("; ", errors));
        return thresholds;
    }
}
