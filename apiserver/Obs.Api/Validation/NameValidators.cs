namespace Obs.Api.Validation;

/// <summary>
/// The rules object names follow, per resource (Kubernetes' <c>ValidateNameFunc</c>s). With
/// <c>prefix</c> true the value is a <c>generateName</c>, which may end in '-'.
/// </summary>
public static class NameValidators
{
    public static IReadOnlyList<string> DnsSubdomain(string name, bool prefix) =>
        NameFormats.IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    public static IReadOnlyList<string> DnsLabel(string name, bool prefix) =>
        NameFormats.IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    public static IReadOnlyList<string> Dns1035Label(string name, bool prefix) =>
        NameFormats.IsDns1035Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>
    /// RBAC names: anything that is a single URL path segment, except the NUL character, which
    /// Kubernetes would take but PostgreSQL cannot hold in a text key (nor could a URL address it).
    /// </summary>
    public static IReadOnlyList<string> PathSegment(string name, bool prefix)
    {
        var errors = new List<string>();
        if (!prefix) errors.AddRange(NameFormats.IsValidPathSegmentName(name));
        else
        {
            if (name.Contains('/')) errors.Add("may not contain '/'");
            if (name.Contains('%')) errors.Add("may not contain '%'");
        }
        if (name.Contains('\0')) errors.Add("may not contain the NUL character");
        return errors;
    }

    // Kubernetes replaces a trailing '-' of a generateName (and, as it happens, the character before it) by 'a'.
    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name;
}
