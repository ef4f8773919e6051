using System.Runtime.CompilerServices;
using Obs.Exporter.Exposition;
using OpenTelemetry.Metrics;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// Writes OpenTelemetry metric streams as Prometheus families: monotonic sums as counters, up-down
/// counters and gauges as gauges, explicit-bucket histograms as histograms with cumulative buckets.
/// Valid only inside the exporter's Export call, where the SDK guarantees the points are stable.
/// </summary>
internal sealed class MetricTranslator
{
    private readonly ConditionalWeakTable<Metric, PrometheusFamily> families = new();
    private readonly TagLabels labels = new();

    public PrometheusFamily FamilyOf(Metric metric) => families.GetValue(metric, static m => Describe(m));

    public static PrometheusFamily Describe(Metric metric)
    {
        MetricFamilyType type;
        switch (metric.MetricType)
        {
            case MetricType.LongSum:
            case MetricType.DoubleSum:
                type = MetricFamilyType.Counter;
                break;
            case MetricType.LongSumNonMonotonic:
            case MetricType.DoubleSumNonMonotonic:
            case MetricType.LongGauge:
            case MetricType.DoubleGauge:
                type = MetricFamilyType.Gauge;
                break;
            case MetricType.Histogram:
                type = MetricFamilyType.Histogram;
                break;
            default:
                return PrometheusFamily.Unsupported;
        }

        var name = PrometheusNames.MetricName(metric.Name, metric.Unit, type);
        var metadataName = type == MetricFamilyType.Counter ? name[..^"_total".Length] : name;
        var unit = PrometheusNames.UnitSuffix(metric.Unit, type);
        if (unit is not null && !(metadataName.Length > unit.Length && metadataName.EndsWith("_" + unit, StringComparison.Ordinal)))
        {
            unit = null;
        }
        return new PrometheusFamily(name, type, string.IsNullOrEmpty(metric.Description) ? null : metric.Description, unit);
    }

    public static bool HasPoints(Metric metric)
    {
        foreach (ref readonly var _ in metric.GetMetricPoints())
        {
            return true;
        }
        return false;
    }

    public static void WriteHeader(PrometheusFamily family, MetricsWriter writer) =>
        writer.WriteHeader(family.Name, family.Type, family.Help, family.Unit);

    public void WritePoints(Metric metric, PrometheusFamily family, MetricsWriter writer)
    {
        var name = family.Name;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            labels.Load(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum:
                case MetricType.LongSumNonMonotonic:
                    labels.AddTo(writer.BeginSample(name)).Value(point.GetSumLong());
                    break;
                case MetricType.DoubleSum:
                case MetricType.DoubleSumNonMonotonic:
                    labels.AddTo(writer.BeginSample(name)).Value(point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    labels.AddTo(writer.BeginSample(name)).Value(point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    labels.AddTo(writer.BeginSample(name)).Value(point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    WriteHistogram(name, in point, writer);
                    break;
            }
        }
    }

    private void WriteHistogram(string name, in MetricPoint point, MetricsWriter writer)
    {
        // The SDK counts per bucket; Prometheus buckets count everything at or below their bound.
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            if (double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                continue;
            }
            labels.AddTo(writer.BeginSuffixedSample(name, "_bucket")).Label("le", bucket.ExplicitBound).Value(cumulative);
        }
        var count = point.GetHistogramCount();
        labels.AddTo(writer.BeginSuffixedSample(name, "_bucket")).Label("le", double.PositiveInfinity).Value(count);
        labels.AddTo(writer.BeginSuffixedSample(name, "_sum")).Value(point.GetHistogramSum());
        labels.AddTo(writer.BeginSuffixedSample(name, "_count")).Value(count);
    }
}
