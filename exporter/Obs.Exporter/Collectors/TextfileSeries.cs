using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>One histogram or summary series of a text file, gathered from its bucket or quantile, <c>_sum</c> and <c>_count</c> samples.</summary>
internal sealed class TextfileSeries(TextfileFamily family, Label[] labels)
{
    private readonly SortedDictionary<double, double> points = [];
    private double? count;

    public TextfileFamily Family { get; } = family;

    public Label[] Labels { get; } = labels;

    public double Sum { get; private set; }

    public double Count => count ?? (points.TryGetValue(double.PositiveInfinity, out var total) ? total : 0);

    public void Add(TextfileSample sample, string familyName)
    {
        if (sample.Name == familyName + "_sum")
        {
            Sum = sample.Value;
        }
        else if (sample.Name == familyName + "_count")
        {
            count = sample.Value;
        }
        else
        {
            var point = TextfileParser.ParseValue(sample.LabelValue(Family.Type == TextfileType.Histogram ? "le" : "quantile")!);
            if (!double.IsNaN(point))
            {
                points[point] = sample.Value;
            }
        }
    }

    /// <summary>The finite buckets in ascending order; the writer adds <c>+Inf</c> from the count.</summary>
    public void WriteHistogram(MetricsWriter writer, string name)
    {
        var finite = points.Where(point => double.IsFinite(point.Key)).ToArray();
        writer.WriteHistogram(name, Labels, finite.Select(point => point.Key).ToArray(),
            finite.Select(point => (long)point.Value).ToArray(), (long)Count, Sum);
    }

    public void WriteQuantiles(MetricsWriter writer, string name)
    {
        foreach (var (quantile, value) in points)
        {
            writer.BeginSample(name).Labels(Labels).Label("quantile", quantile).Value(value);
        }
    }
}
