using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Kubernetes' LimitRanger admission, with the namespace's LimitRanges read from the watch cache: a new
/// pod gets their default requests and limits and is refused (403) when it breaks a min, max or ratio;
/// a claim is refused when its storage request is out of bounds. A LimitRange applies from the moment
/// this apiserver's cache holds it (as Kubernetes applies it from its informer's), normally a few
/// milliseconds after it is written.
/// </summary>
public sealed class LimitRangeAdmission(WatchCache cache)
{
    /// <summary>Runs after defaulting, so a container's requests already follow from its limits, as in Kubernetes.</summary>
    public void Admit(ResourceType type, string ns, JsonObject obj)
    {
        if (type != ResourceTypes.Pod && type != ResourceTypes.PersistentVolumeClaim) return;
        var ranges = cache.List(ResourceTypes.LimitRange.GroupResource, new WatchFilter(ns, null)).Items;
        if (ranges.Count == 0) return;
        var parsed = ranges.Select(r => r.ToMutable()).ToList();
        var refusal = type == ResourceTypes.Pod ? LimitRanger.AdmitPod(obj, parsed) : LimitRanger.AdmitClaim(obj, parsed);
        if (refusal is not null)
            throw ApiErrors.Forbidden(type, ObjectMeta.Name(obj), refusal);
    }
}
