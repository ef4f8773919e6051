using System.Text;
using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>
/// The <c>pod-template-hash</c> label value a Deployment stamps on its ReplicaSets and pods: a 32-bit
/// FNV-1a hash of the normalized template (and the collision count, when there is one), written the
/// way Kubernetes writes it: the decimal digits mapped onto consonants and digits that cannot spell
/// words (e.g. <c>7c5ddbdf54</c>). It is stable across processes but not equal to Kubernetes' own value.
/// </summary>
public static class PodTemplateHash
{
    /// <summary>The label this hash is stored under.</summary>
    public const string LabelKey = "pod-template-hash";

    // The alphabet of rand.SafeEncodeString: no vowels, no 0/1/3 that read as letters.
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonObject template, long? collisionCount = null)
    {
        // The label carries the hash itself, so a template copied back from a ReplicaSet (rollout undo)
        // must hash without it.
        var normalized = PodTemplateNormalizer.ForComparison(template);

        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(CanonicalJson.Write(normalized))) hash = (hash ^ b) * 16777619u;
        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.GetBytes(count)) hash = (hash ^ b) * 16777619u;
        }
        return SafeEncode(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string SafeEncode(string digits)
    {
        var chars = new char[digits.Length];
        for (var i = 0; i < digits.Length; i++) chars[i] = SafeAlphabet[digits[i] % SafeAlphabet.Length];
        return new string(chars);
    }
}
