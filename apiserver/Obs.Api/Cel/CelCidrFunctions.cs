namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' cidr library: <c>cidr()</c>, <c>isCIDR()</c>, <c>string()</c> of a network, and on a network
/// <c>containsIP</c> and <c>containsCIDR</c> (each taking a value or a string), <c>ip</c>, <c>masked</c>, <c>prefixLength</c>.
/// </summary>
internal static class CelCidrFunctions
{
    public static readonly string[] GlobalNames = ["cidr", "isCIDR", "string"];

    public static readonly string[] MemberNames = ["containsIP", "containsCIDR", "ip", "masked", "prefixLength"];

    public static object? CallGlobal(string name, object?[] a) => (name, a) switch
    {
        ("cidr", [string s]) => Parse(s),
        ("isCIDR", [string s]) => CelCidr.TryParse(s, out _) is not null,
        ("string", [CelCidr cidr]) => cidr.ToString(),
        _ => CelFunctions.NoMatch,
    };

    private static CelCidr Parse(string s) => CelCidr.TryParse(s, out var error) ?? throw new CelEvaluationException(error!);

    public static object? CallMember(string name, object?[] a)
    {
        if (a[0] is not CelCidr cidr) return CelFunctions.NoMatch;
        return (name, a.Length > 1 ? a[1] : null, a.Length) switch
        {
            ("containsIP", CelIp ip, 2) => cidr.Contains(ip),
            ("containsIP", string s, 2) => cidr.Contains(CelIpFunctions.Parse(s)),
            ("containsCIDR", CelCidr other, 2) => cidr.Contains(other),
            ("containsCIDR", string s, 2) => cidr.Contains(Parse(s)),
            ("ip", _, 1) => cidr.Address,
            ("masked", _, 1) => cidr.Masked(),
            ("prefixLength", _, 1) => (long)cidr.PrefixLength,
            _ => CelFunctions.NoMatch,
        };
    }
}
