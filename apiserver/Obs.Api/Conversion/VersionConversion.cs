using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.Api.Conversion;

/// <summary>
/// Converts objects between a served version (an older one, or another group's) and the version they are stored in. Objects
/// of a stored version pass through untouched.
/// </summary>
public static class VersionConversion
{
    /// <summary>An object sent at <paramref name="served"/>'s version, as it is stored.</summary>
    public static JsonObject ToStorage(ResourceType served, JsonObject obj)
    {
        if (served.StoredAs is null) return obj;
        if (served.Custom is not null) return WithApiVersion(obj, served.StoredAs.ApiVersion);
        if (served == ResourceTypes.HorizontalPodAutoscalerV1) return HorizontalPodAutoscalerConversion.ToV2(obj);
        if (served == ResourceTypes.EventV1) return EventConversion.ToCore(obj);
        throw new NotSupportedException($"no conversion from {served.ApiVersion} {served.Kind}");
    }

    /// <summary>A stored object, as <paramref name="served"/>'s version shows it.</summary>
    public static JsonObject FromStorage(ResourceType served, JsonObject obj)
    {
        if (served.StoredAs is null) return obj;
        if (served.Custom is not null) return WithApiVersion(obj, served.ApiVersion);
        if (served == ResourceTypes.HorizontalPodAutoscalerV1) return HorizontalPodAutoscalerConversion.ToV1(obj);
        if (served == ResourceTypes.EventV1) return EventConversion.ToEventsV1(obj);
        throw new NotSupportedException($"no conversion to {served.ApiVersion} {served.Kind}");
    }

    /// <summary>A custom resource's versions convert with strategy None: only the apiVersion changes.</summary>
    private static JsonObject WithApiVersion(JsonObject obj, string apiVersion)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = apiVersion;
        return copy;
    }
}
