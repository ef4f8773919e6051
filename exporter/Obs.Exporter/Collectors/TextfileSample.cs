using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>One sample line of a text file: its name as written (with <c>_bucket</c>, <c>_sum</c>… for histograms and summaries), labels in file order, value.</summary>
public sealed record TextfileSample(string Name, IReadOnlyList<Label> Labels, double Value)
{
    public string? LabelValue(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }
        return null;
    }
}
