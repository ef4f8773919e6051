using Obs.Api.Quantities;

namespace Obs.Api.Cel;

/// <summary>A Kubernetes resource quantity as a CEL value (<c>quantity("100m")</c>); equal when their amounts are.</summary>
public sealed record CelQuantity(Quantity Value)
{
    public bool Equals(CelQuantity? other) => other is not null && Value.CompareTo(other.Value) == 0;

    public override int GetHashCode() => Value.Nanos.GetHashCode();
}
