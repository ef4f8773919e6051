namespace Obs.Dashboard.Alerting;

/// <summary>The receiver (the apiserver) did not answer at all; pages say so instead of failing.</summary>
public sealed class AlertingUnreachableException(string message, Exception inner) : Exception(message, inner);
