using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>Turns a request's namespace, label selector and field selector into the filter LIST and WATCH apply.</summary>
public static class SelectorFilters
{
    public static WatchFilter Build(ResourceType type, string? ns, string? labelSelector, string? fieldSelector)
    {
        if (!string.IsNullOrEmpty(labelSelector)) throw ApiErrors.BadRequest("label selectors are not supported yet");
        if (string.IsNullOrEmpty(fieldSelector)) return new WatchFilter(ns, null);
        string? name = null;
        foreach (var term in fieldSelector.Split(','))
        {
            var eq = term.IndexOf('=');
            var field = eq < 0 ? term : term[..eq].TrimEnd('=');
            var value = eq < 0 ? "" : term[(eq + 1)..].TrimStart('=');
            if (field == "metadata.name") name = value;
            else if (field == "metadata.namespace") ns = value;
            else throw ApiErrors.BadRequest($"field label not supported: {field}");
        }
        return new WatchFilter(ns, name is null ? null : o => o.Key.Name == name);
    }
}
