namespace Obs.Controllers.Autoscaling;

/// <summary>A change the controller made to its target: when, and by how many replicas (positive).</summary>
public sealed record ScaleEvent(DateTimeOffset At, int Change);
