namespace Obs.Controllers.Autoscaling;

/// <summary>One HPAScalingPolicy: at most <see cref="Value"/> pods, or percent of the pods, per <see cref="Period"/>.</summary>
public sealed record ScalingPolicy(bool Percent, int Value, TimeSpan Period);
