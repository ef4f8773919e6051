namespace Obs.Controllers.Autoscaling;

/// <summary>A replica count the metrics recommended at a moment, before stabilisation and rate limits.</summary>
public sealed record Recommendation(DateTimeOffset At, int Replicas);
