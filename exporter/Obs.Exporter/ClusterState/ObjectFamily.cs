using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>One kube-state-metrics family of a kind of object: its name, type and help, and the lines each object gives it.</summary>
internal sealed record ObjectFamily(string Name, MetricFamilyType Type, string Help, FamilyLines Lines)
{
    public ObjectFamily(string name, string help, FamilyLines lines)
        : this(name, MetricFamilyType.Gauge, help, lines)
    {
    }

    /// <summary>The name's UTF-8, which starts every line of the family.</summary>
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}
