namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' format library: <c>format.named(name)</c> (an optional format), <c>format.dns1123Label()</c> and
/// the other named formats, and <c>&lt;format&gt;.validate(s)</c>: none when <c>s</c> is valid, else the list of errors.
/// </summary>
internal static class CelFormatFunctions
{
    private const string Prefix = "format.";

    public static readonly string[] GlobalNames = [Prefix + "named", .. CelNamedFormat.ByName.Keys.Select(k => Prefix + k)];

    public static readonly string[] MemberNames = ["validate"];

    public static object? CallGlobal(string name, object?[] a)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return CelFunctions.NoMatch;
        if (name == Prefix + "named")
            return a is [string formatName] ? CelNamedFormat.ByName.TryGetValue(formatName, out var named) ? CelOptional.Of(named) : CelOptional.None : CelFunctions.NoMatch;
        return a.Length == 0 && CelNamedFormat.ByName.TryGetValue(name[Prefix.Length..], out var format) ? format : CelFunctions.NoMatch;
    }

    public static object? CallMember(string name, object?[] a)
    {
        if (name != "validate" || a is not [CelNamedFormat format, string s]) return CelFunctions.NoMatch;
        var errors = format.Validate(s);
        return errors.Count == 0 ? CelOptional.None : CelOptional.Of(new CelList(errors.Cast<object?>().ToList()));
    }
}
