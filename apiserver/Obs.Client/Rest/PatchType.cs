namespace Obs.Client.Rest;

/// <summary>The four patch formats the apiserver accepts, each sent with its own content type.</summary>
public enum PatchType
{
    /// <summary>RFC 6902 JSON patch: a list of operations.</summary>
    Json,

    /// <summary>RFC 7386 JSON merge patch: lists replaced whole.</summary>
    Merge,

    /// <summary>Kubernetes strategic merge patch: lists merged by key.</summary>
    StrategicMerge,

    /// <summary>Server-side apply: needs a field manager.</summary>
    Apply,
}
