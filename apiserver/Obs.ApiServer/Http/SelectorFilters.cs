using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>
/// Turns a request's namespace, label selector and field selector into the filter LIST and WATCH apply to stored
/// objects; the field selector speaks the labels of the version the request named.
/// </summary>
public static class SelectorFilters
{
    public static WatchFilter Build(ResourceType type, string? ns, string? labelSelector, string? fieldSelector)
    {
        Func<CachedObject, bool>? predicate = null;
        if (!string.IsNullOrEmpty(labelSelector))
        {
            if (!LabelSelector.TryParse(labelSelector, out var labels, out var error)) throw ApiErrors.BadRequest(error!);
            if (!labels.IsEmpty) predicate = o => labels.Matches(o.Label);
        }
        if (!string.IsNullOrEmpty(fieldSelector))
        {
            if (!FieldSelector.TryParse(fieldSelector, out var fields, out var error)) throw ApiErrors.BadRequest(error!);
            if (FieldSelectors.Validate(type, fields) is { } unsupported) throw ApiErrors.BadRequest(unsupported);
            // Namespace and name select by the object's key: no need to read the object.
            if (fields.RequiresExactMatch("metadata.namespace") is { } fieldNs)
            {
                if (ns is not null && ns != fieldNs) return new WatchFilter(ns, _ => false);
                ns = type.Namespaced ? fieldNs : ns;
            }
            var byFields = (Func<CachedObject, bool>)(o =>
            {
                using var parsed = o.ParseWithoutFieldSets();
                return FieldSelectors.Matches(type, fields, JsonObject.Create(parsed.RootElement));
            });
            predicate = predicate is null ? byFields : And(predicate, byFields);
        }
        return new WatchFilter(ns, predicate);
    }

    private static Func<CachedObject, bool> And(Func<CachedObject, bool> a, Func<CachedObject, bool> b) => o => a(o) && b(o);
}
