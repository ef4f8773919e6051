namespace Obs.Dashboard.Components.Objects;

/// <summary>How a status reads at a glance: the colour of its badge.</summary>
public enum StatusTone
{
    Neutral,
    Healthy,
    Progressing,
    Degraded,
}
