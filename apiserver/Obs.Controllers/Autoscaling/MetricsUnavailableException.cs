namespace Obs.Controllers.Autoscaling;

/// <summary>A metric that cannot give a replica count now (no pods, no samples, no requests); the message says why, in Kubernetes' words.</summary>
public sealed class MetricsUnavailableException(string message) : Exception(message);
