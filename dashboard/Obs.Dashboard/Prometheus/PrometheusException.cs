namespace Obs.Dashboard.Prometheus;

/// <summary>Prometheus could not answer (not configured, down, or the query failed); the message is shown in place of the chart.</summary>
public sealed class PrometheusException(string message, Exception? inner = null) : Exception(message, inner);
