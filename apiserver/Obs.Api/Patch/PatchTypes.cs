namespace Obs.Api.Patch;

/// <summary>Maps a request's Content-Type to a <see cref="PatchType"/> and back.</summary>
public static class PatchTypes
{
    /// <summary>Every patch media type, indexed by <see cref="PatchType"/> (the order Kubernetes lists them in).</summary>
    public static IReadOnlyList<string> MediaTypes { get; } =
    [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
    ];

    /// <summary>
    /// Reads a Content-Type such as <c>application/merge-patch+json; charset=utf-8</c>; parameters and
    /// case are ignored. False for a missing or unknown media type (the apiserver answers 415).
    /// </summary>
    public static bool TryParse(string? contentType, out PatchType type)
    {
        type = default;
        if (contentType is null) return false;
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        for (var i = 0; i < MediaTypes.Count; i++)
        {
            if (string.Equals(mediaType, MediaTypes[i], StringComparison.OrdinalIgnoreCase))
            {
                type = (PatchType)i;
                return true;
            }
        }
        return false;
    }

    /// <summary>The media type a client sends for this patch type.</summary>
    public static string MediaType(this PatchType type) => MediaTypes[(int)type];
}
