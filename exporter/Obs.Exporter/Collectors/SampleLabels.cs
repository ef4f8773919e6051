using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Adds a whole label set to a sample, for label sets read at run time (text files). Empty values are left out, as
/// client_golang's encoder leaves them out: to Prometheus an empty label and a missing one are the same.
/// </summary>
internal static class SampleLabels
{
    public static SampleWriter Labels(this SampleWriter sample, ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label.Value.Length > 0)
            {
                sample = sample.Label(label.Name, label.Value);
            }
        }
        return sample;
    }
}
