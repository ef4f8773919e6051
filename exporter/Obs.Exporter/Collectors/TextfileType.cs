namespace Obs.Exporter.Collectors;

/// <summary>The family types of the Prometheus text format, as a <c># TYPE</c> line names them.</summary>
public enum TextfileType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}
