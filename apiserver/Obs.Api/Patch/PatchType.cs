namespace Obs.Api.Patch;

/// <summary>The patch formats a PATCH request may carry, told apart by its Content-Type.</summary>
public enum PatchType
{
    /// <summary><c>application/json-patch+json</c>: RFC 6902 operations.</summary>
    Json,
    /// <summary><c>application/merge-patch+json</c>: RFC 7386 merge patch.</summary>
    Merge,
    /// <summary><c>application/strategic-merge-patch+json</c>: merge patch guided by the type's merge keys.</summary>
    StrategicMerge,
    /// <summary><c>application/apply-patch+yaml</c>: server-side apply.</summary>
    Apply,
}
