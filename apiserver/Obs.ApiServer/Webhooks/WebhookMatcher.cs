using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// Which webhooks a write is sent to, as kube-apiserver's webhook matcher decides: a rule covers the request's own
/// resource, or (matchPolicy Equivalent) the same resource served at another version, such as an autoscaling/v1
/// HorizontalPodAutoscaler for a rule on autoscaling/v2; then the namespace selector (the namespace's labels from the
/// watch cache, a Namespace's own labels, always true for other cluster-scoped objects) and the object selector
/// (the new or the old object's labels).
/// </summary>
public sealed class WebhookMatcher(WatchCache cache)
{
    /// <summary>The version the webhook is sent the object in (the request's own when it matches exactly), or null when the webhook does not apply.</summary>
    public ResourceType? Match(Webhook webhook, AdmissionAttributes request)
    {
        var matched = MatchRules(resource => Covers(webhook, request, resource), webhook.ExactMatch, request);
        if (matched is null) return null;
        return MatchesSelectors(webhook.NamespaceSelector, webhook.ObjectSelector, request) ? matched : null;
    }

    /// <summary>Whether the object selector holds of the new or the old object, and the namespace selector of the request's namespace.</summary>
    public bool MatchesSelectors(LabelSelector namespaces, LabelSelector objects, AdmissionAttributes request)
    {
        if (!objects.IsEmpty && !Selected(objects, request.Object) && !Selected(objects, request.OldObject)) return false;
        return MatchesNamespace(namespaces, request);
    }

    /// <summary>
    /// An absent object (the old one of a create, the new one of a delete), or one with no metadata (a connect's
    /// options), matches no object selector, not even DoesNotExist.
    /// </summary>
    private static bool Selected(LabelSelector selector, System.Text.Json.Nodes.JsonObject? obj) => obj?["metadata"] is System.Text.Json.Nodes.JsonObject && selector.MatchesObject(obj);

    /// <summary>
    /// The request's own resource when <paramref name="covers"/> it, else (unless <paramref name="exact"/>) the first
    /// equivalent resource it covers: the same objects served at another version.
    /// </summary>
    public static ResourceType? MatchRules(Func<ResourceType, bool> covers, bool exact, AdmissionAttributes request)
    {
        if (covers(request.Served)) return request.Served;
        if (exact) return null;
        foreach (var equivalent in ResourceTypes.Served)
        {
            if (equivalent != request.Served && equivalent.Storage == request.Type.Storage && covers(equivalent)) return equivalent;
        }
        return null;
    }

    private static bool Covers(Webhook webhook, AdmissionAttributes request, ResourceType resource)
    {
        var clusterScoped = !resource.Namespaced;
        foreach (var rule in webhook.Rules)
        {
            if (rule.Matches(request.Operation, resource.Group, resource.Version, resource.Plural, request.Subresource, clusterScoped)) return true;
        }
        return false;
    }

    private bool MatchesNamespace(LabelSelector selector, AdmissionAttributes request)
    {
        if (selector.IsEmpty) return true;
        if (request.Type == ResourceTypes.Namespace)
            return selector.MatchesObject(request.Object ?? request.OldObject);
        if (!request.Type.Namespaced) return true;
        var ns = cache.Get(ObjectRegistry.KeyOf(ResourceTypes.Namespace, null, request.Namespace));
        return selector.Matches(key => ns?.Label(key));
    }
}
