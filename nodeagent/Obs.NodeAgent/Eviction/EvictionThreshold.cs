using System.Globalization;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Eviction;

/// <summary>One hard threshold, <c>signal&lt;quantity</c> or <c>signal&lt;percent%</c> of the capacity.</summary>
public sealed record EvictionThreshold(EvictionSignal Signal, Quantity? Quantity, double? Percentage)
{
    /// <summary>The threshold in the signal's unit for a resource of this capacity.</summary>
    public long Value(long capacity) => Quantity is { } q ? q.Value : (long)(capacity * Percentage!.Value);

    public bool IsMet(SignalObservation observation) => observation.Available < Value(observation.Capacity);

    /// <summary>As the kubelet prints it in an eviction message: the quantity as given, or the percentage worked out.</summary>
    public string QuantityText(long capacity) => Quantity is { } q ? q.ToString() : Format(Signal, Value(capacity));

    internal static string Format(EvictionSignal signal, long value) =>
        Obs.Api.Quantities.Quantity.FromInt(value, EvictionSignals.IsCount(signal) ? QuantityFormat.DecimalSI : QuantityFormat.BinarySI).ToString();

    public override string ToString() => EvictionSignals.Name(Signal) + "<" +
        (Quantity is { } q ? q.ToString() : (Percentage!.Value * 100).ToString(CultureInfo.InvariantCulture) + "%");
}
