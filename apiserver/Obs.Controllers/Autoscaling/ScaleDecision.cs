namespace Obs.Controllers.Autoscaling;

/// <summary>The replica count to set and why it is what it is: the reason and message of the ScalingLimited condition.</summary>
public sealed record ScaleDecision(int Replicas, bool Limited, string Reason, string Message);
