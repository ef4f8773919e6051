using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// The webhooks of every stored configuration, from the watch cache, never the database: read again only when a
/// configuration changed (the cache's change stamp), so a write costs one stamp read when nothing changed. Mutating
/// webhooks are in the order they are called: by configuration name, then as listed.
/// </summary>
public sealed class WebhookConfigurations
{
    private static readonly string[] Resources = [ResourceTypes.MutatingWebhookConfiguration.GroupResource, ResourceTypes.ValidatingWebhookConfiguration.GroupResource];

    private sealed record Snapshot(IReadOnlyList<Webhook> Mutating, IReadOnlyList<Webhook> Validating);

    private readonly WatchCache _cache;
    private readonly CacheDerived<Snapshot> _current;

    public WebhookConfigurations(WatchCache cache)
    {
        _cache = cache;
        _current = new CacheDerived<Snapshot>(cache, Resources,
            () => new Snapshot(Read(ResourceTypes.MutatingWebhookConfiguration, mutating: true), Read(ResourceTypes.ValidatingWebhookConfiguration, mutating: false)));
    }

    public IReadOnlyList<Webhook> Mutating => _current.Value.Mutating;

    public IReadOnlyList<Webhook> Validating => _current.Value.Validating;

    private List<Webhook> Read(ResourceType type, bool mutating)
    {
        var objects = new List<CachedObject>();
        _cache.CopyObjects(type.GroupResource, objects);
        var webhooks = new List<Webhook>();
        foreach (var cached in objects.OrderBy(o => o.Key.Name, StringComparer.Ordinal))
        {
            var configuration = cached.ToMutable();
            foreach (var webhook in (configuration["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
                webhooks.Add(Parse(cached.Key.Name, webhook, mutating));
        }
        return webhooks;
    }

    /// <summary>A stored webhook was validated and defaulted when written; the fallbacks here only keep a hand-made one from breaking writes.</summary>
    public static Webhook Parse(string configuration, JsonObject webhook, bool mutating) => new(
        webhook.StringAt("name") ?? "",
        configuration,
        mutating,
        (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(WebhookRule.From).ToArray(),
        FailOpen: webhook.StringAt("failurePolicy") == "Ignore",
        ExactMatch: webhook.StringAt("matchPolicy") == "Exact",
        Selector(webhook["namespaceSelector"]),
        Selector(webhook["objectSelector"]),
        webhook.StringAt("sideEffects") ?? "Unknown",
        TimeSpan.FromSeconds(Math.Clamp(webhook.LongAt("timeoutSeconds") ?? 10, 1, 30)),
        Client(webhook["clientConfig"] as JsonObject ?? []))
    {
        ReinvokeIfNeeded = mutating && webhook.StringAt("reinvocationPolicy") == "IfNeeded",
        MatchConditions = WebhookMatchConditions.From(webhook["matchConditions"]),
    };

    private static LabelSelector Selector(JsonNode? node) => node is null ? LabelSelector.Everything : LabelSelector.FromJson(node);

    private static WebhookClient Client(JsonObject config)
    {
        var bundle = config.StringAt("caBundle") is { Length: > 0 } text ? Decode(text) : [];
        if (config.StringAt("url") is { } url) return new WebhookClient(Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null, null, null, 0, "", bundle);
        var service = config["service"] as JsonObject ?? [];
        return new WebhookClient(null, service.StringAt("namespace") ?? "", service.StringAt("name") ?? "", (int)(service.LongAt("port") ?? 443), service.StringAt("path") ?? "/", bundle);
    }

    private static byte[] Decode(string base64)
    {
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { return Encoding.UTF8.GetBytes(base64); }
    }
}
