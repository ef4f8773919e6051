namespace Obs.Api.Quantities;

/// <summary>How a quantity prints: the suffix family it was written with, as Kubernetes remembers it.</summary>
public enum QuantityFormat
{
    /// <summary>Powers of ten with SI suffixes: <c>500m</c>, <c>1k</c>, <c>1G</c>.</summary>
    DecimalSI,
    /// <summary>Powers of two: <c>128Mi</c>, <c>1Gi</c>.</summary>
    BinarySI,
    /// <summary>Scientific notation: <c>1e3</c>.</summary>
    DecimalExponent,
}
