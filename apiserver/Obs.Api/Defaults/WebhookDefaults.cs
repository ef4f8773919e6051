using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>
/// admissionregistration.k8s.io/v1 defaults (SetDefaults_ValidatingWebhook, _MutatingWebhook, _Rule,
/// _ServiceReference): Fail, Equivalent, 10 seconds, match-all selectors, scope "*", port 443. sideEffects and
/// admissionReviewVersions have no default in v1: they are required.
/// </summary>
internal static class WebhookDefaults
{
    public static void Validating(JsonObject obj)
    {
        foreach (var webhook in DefaultFields.Items(obj, "webhooks")) Webhook(webhook);
    }

    public static void Mutating(JsonObject obj)
    {
        foreach (var webhook in DefaultFields.Items(obj, "webhooks"))
        {
            Webhook(webhook);
            DefaultFields.Pointer(webhook, "reinvocationPolicy", "Never");
        }
    }

    private static void Webhook(JsonObject webhook)
    {
        DefaultFields.Pointer(webhook, "failurePolicy", "Fail");
        DefaultFields.Pointer(webhook, "matchPolicy", "Equivalent");
        DefaultFields.Pointer(webhook, "namespaceSelector", new JsonObject());
        DefaultFields.Pointer(webhook, "objectSelector", new JsonObject());
        DefaultFields.Pointer(webhook, "timeoutSeconds", 10);
        foreach (var rule in DefaultFields.Items(webhook, "rules")) DefaultFields.Pointer(rule, "scope", "*");
        if (webhook["clientConfig"]?["service"] is JsonObject service) DefaultFields.Pointer(service, "port", 443);
    }
}
