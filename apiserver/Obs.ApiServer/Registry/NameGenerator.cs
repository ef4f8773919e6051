namespace Obs.ApiServer.Registry;

/// <summary>Names from <c>metadata.generateName</c>: the prefix and five random characters, as Kubernetes makes them.</summary>
public static class NameGenerator
{
    // Kubernetes' alphabet for generated suffixes: no vowels (no words) and no look-alike characters.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int MaxPrefix = 63 - 5;

    public static string Generate(string prefix)
    {
        if (prefix.Length > MaxPrefix) prefix = prefix[..MaxPrefix];
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++) suffix[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        return prefix + new string(suffix);
    }
}
