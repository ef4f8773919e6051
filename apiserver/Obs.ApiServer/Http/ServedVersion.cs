using System.Text.Json.Nodes;
using Obs.Api.Conversion;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>
/// The edge where a request for an older served version (autoscaling/v1 HPAs) meets the stored
/// version: bodies are converted in, objects converted out. Requests for a stored version pass
/// through without a copy.
/// </summary>
public static class ServedVersion
{
    public static JsonObject In(ResourceType served, JsonObject obj) => VersionConversion.ToStorage(served, obj);

    public static JsonObject Out(ResourceType served, JsonObject obj) => VersionConversion.FromStorage(served, obj);

    public static CachedObject Out(ResourceType served, CachedObject obj) =>
        served.StoredAs is null ? obj : CachedObject.FromNode(obj.Key, obj.Revision, VersionConversion.FromStorage(served, obj.ToMutable()));

    public static IReadOnlyList<CachedObject> Out(ResourceType served, IReadOnlyList<CachedObject> items) =>
        served.StoredAs is null ? items : items.Select(o => Out(served, o)).ToList();
}
