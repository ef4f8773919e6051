namespace Obs.Dashboard.Prometheus;

/// <summary>One series of an instant query's vector: its labels and its value now.</summary>
public sealed record InstantSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
