namespace Obs.Api.Defaults;

/// <summary>
/// The tag of a container image reference as the kubelet's image parser reads it: the part after the
/// last ':' of the last path segment, before any '@digest'; "latest" when there is neither tag nor digest.
/// </summary>
internal static class ImageReference
{
    public static string Tag(string image)
    {
        var at = image.IndexOf('@');
        var hasDigest = at >= 0;
        var name = hasDigest ? image[..at] : image;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash) return name[(colon + 1)..];
        return hasDigest ? "" : "latest";
    }

    /// <summary><c>Always</c> for the moving <c>latest</c> tag (explicit or implied), <c>IfNotPresent</c> otherwise.</summary>
    public static string DefaultPullPolicy(string image) => Tag(image) == "latest" ? "Always" : "IfNotPresent";
}
