using Obs.Api.Selectors;

namespace Obs.ApiServer.Webhooks;

/// <summary>One webhook of a stored configuration, read once per configuration change (<see cref="WebhookConfigurations"/>).</summary>
public sealed record Webhook(
    string Name,
    string Configuration,
    bool Mutating,
    IReadOnlyList<WebhookRule> Rules,
    bool FailOpen,
    bool ExactMatch,
    LabelSelector NamespaceSelector,
    LabelSelector ObjectSelector,
    string SideEffects,
    TimeSpan Timeout,
    WebhookClient Client)
{
    /// <summary>reinvocationPolicy IfNeeded: a mutating webhook called again when a webhook after it changed the object.</summary>
    public bool ReinvokeIfNeeded { get; init; }

    /// <summary>The CEL conditions that must all hold for the webhook to be called.</summary>
    public WebhookMatchConditions MatchConditions { get; init; } = WebhookMatchConditions.None;

    /// <summary>A webhook that changes nothing elsewhere may be sent a dry-run write; others refuse it (400).</summary>
    public bool AllowsDryRun => SideEffects is "None" or "NoneOnDryRun";
}
