using System.Text.RegularExpressions;

namespace Obs.Api.CustomResources;

/// <summary>
/// Kubernetes' order of API versions: GA before beta before alpha, higher numbers first within each
/// (v2, v1, v1beta2, v1beta1, v1alpha1), then any other name alphabetically. Discovery lists a group's
/// versions in this order and prefers the first.
/// </summary>
public static partial class VersionPriority
{
    public static int Compare(string a, string b)
    {
        var (ka, kb) = (Key(a), Key(b));
        if (ka.Rank != kb.Rank) return ka.Rank.CompareTo(kb.Rank);
        if (ka.Rank == 3) return string.CompareOrdinal(a, b);
        if (ka.Major != kb.Major) return kb.Major.CompareTo(ka.Major);
        return kb.Minor.CompareTo(ka.Minor);
    }

    private static (int Rank, int Major, int Minor) Key(string version)
    {
        var m = KubeVersion().Match(version);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out var major)) return (3, 0, 0);
        var minor = m.Groups[3].Success && int.TryParse(m.Groups[3].Value, out var n) ? n : 0;
        return (m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 }, major, minor);
    }

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex KubeVersion();
}
