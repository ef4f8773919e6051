namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' ip library: <c>ip()</c>, <c>isIP()</c>, <c>ip.isCanonical()</c>, <c>string()</c> of an address,
/// and on an address <c>family</c>, <c>isUnspecified</c>, <c>isLoopback</c>, <c>isLinkLocalMulticast</c>,
/// <c>isLinkLocalUnicast</c>, <c>isGlobalUnicast</c>.
/// </summary>
internal static class CelIpFunctions
{
    public static readonly string[] GlobalNames = ["ip", "isIP", "ip.isCanonical", "string"];

    public static readonly string[] MemberNames = ["family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast"];

    public static object? CallGlobal(string name, object?[] a) => (name, a) switch
    {
        ("ip", [string s]) => Parse(s),
        ("isIP", [string s]) => CelIp.TryParse(s, out _) is not null,
        // Go writes every address one way only, so the text is canonical when it is what Go would write.
        ("ip.isCanonical", [string s]) => Parse(s).ToString() == s,
        ("string", [CelIp ip]) => ip.ToString(),
        _ => CelFunctions.NoMatch,
    };

    public static CelIp Parse(string s) => CelIp.TryParse(s, out var error) ?? throw new CelEvaluationException(error!);

    public static object? CallMember(string name, object?[] a)
    {
        if (a is not [CelIp ip]) return CelFunctions.NoMatch;
        return name switch
        {
            "family" => ip.IsV6 ? 6L : 4L,
            "isUnspecified" => ip.IsUnspecified,
            "isLoopback" => ip.IsLoopback,
            "isLinkLocalMulticast" => ip.IsLinkLocalMulticast,
            "isLinkLocalUnicast" => ip.IsLinkLocalUnicast,
            "isGlobalUnicast" => ip.IsGlobalUnicast,
            _ => CelFunctions.NoMatch,
        };
    }
}
