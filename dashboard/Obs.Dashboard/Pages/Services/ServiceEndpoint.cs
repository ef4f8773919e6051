namespace Obs.Dashboard.Pages.Services;

/// <summary>One endpoint of a service: its addresses and ports, whether it is ready, and the pod (and node) behind it.</summary>
public sealed record ServiceEndpoint(string Addresses, string Ports, bool Ready, string? TargetKind, string? TargetNamespace, string? TargetName, string? Node);
