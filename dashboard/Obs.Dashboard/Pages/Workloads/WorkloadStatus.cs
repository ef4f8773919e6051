using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>A workload's state in a word (Healthy, Progressing, Degraded, Paused…), its tone, and why.</summary>
public sealed record WorkloadStatus(string Text, StatusTone Tone, string Reason);
