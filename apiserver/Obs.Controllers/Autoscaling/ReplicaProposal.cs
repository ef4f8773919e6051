namespace Obs.Controllers.Autoscaling;

/// <summary>
/// What one metric recommends: a replica count, the measured utilization (percent of requests;
/// null for AverageValue targets) and the average usage per pod in milli-units.
/// </summary>
public sealed record ReplicaProposal(int Replicas, int? Utilization, long AverageMilli);
