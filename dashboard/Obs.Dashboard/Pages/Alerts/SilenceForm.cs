namespace Obs.Dashboard.Pages.Alerts;

/// <summary>The silence form's fields: a preset duration or "custom" with its own text, and why.</summary>
public sealed class SilenceForm
{
    public string Duration { get; set; } = "1h";

    public string? Custom { get; set; }

    public string? Comment { get; set; }

    /// <summary>The duration to send, in Alertmanager's notation; the receiver validates it and names the field when it is wrong.</summary>
    public string Effective => Duration == "custom" ? (Custom ?? "").Trim() : Duration;
}
