namespace Obs.Api.Cel;

/// <summary>
/// Every function an expression may call, global (<c>size(x)</c>) or as a method (<c>x.size()</c>): the
/// operators, conversions, and the string, list, regex, URL, quantity, optional, ip, cidr, format, semver and
/// sets libraries Kubernetes adds.
/// Each library answers <see cref="NoMatch"/> when the arguments fit none of its overloads.
/// </summary>
internal static class CelFunctions
{
    /// <summary>A library's answer for arguments it has no overload for.</summary>
    public static readonly object NoMatch = new();

    private static readonly Func<string, object?[], object?>[] GlobalLibraries =
        [CelOperators.Call, CelConversions.Call, CelStringFunctions.CallGlobal, CelUrlFunctions.CallGlobal, CelQuantityFunctions.CallGlobal, CelOptionalFunctions.CallGlobal,
         CelIpFunctions.CallGlobal, CelCidrFunctions.CallGlobal, CelFormatFunctions.CallGlobal, CelSemverFunctions.CallGlobal, CelSetFunctions.CallGlobal, CelStringFormatting.CallGlobal];

    private static readonly Func<string, object?[], object?>[] MemberLibraries =
        [CelStringFunctions.CallMember, CelListFunctions.CallMember, CelUrlFunctions.CallMember, CelQuantityFunctions.CallMember, CelConversions.CallMember, CelOptionalFunctions.CallMember,
         CelIpFunctions.CallMember, CelCidrFunctions.CallMember, CelFormatFunctions.CallMember, CelSemverFunctions.CallMember, CelStringFormatting.CallMember,
         CelAuthorizerFunctions.CallMember];

    /// <summary>The names a call may use, for the checker (which reports any other as undeclared).</summary>
    public static readonly HashSet<string> GlobalNames =
        [.. CelOperators.Names, .. CelConversions.Names, .. CelStringFunctions.GlobalNames, .. CelUrlFunctions.GlobalNames, .. CelQuantityFunctions.GlobalNames, .. CelOptionalFunctions.GlobalNames,
         .. CelIpFunctions.GlobalNames, .. CelCidrFunctions.GlobalNames, .. CelFormatFunctions.GlobalNames, .. CelSemverFunctions.GlobalNames, .. CelSetFunctions.GlobalNames, .. CelStringFormatting.GlobalNames];

    public static readonly HashSet<string> MemberNames =
        [.. CelStringFunctions.MemberNames, .. CelListFunctions.MemberNames, .. CelUrlFunctions.MemberNames, .. CelQuantityFunctions.MemberNames, .. CelConversions.MemberNames, .. CelOptionalFunctions.MemberNames,
         .. CelIpFunctions.MemberNames, .. CelCidrFunctions.MemberNames, .. CelFormatFunctions.MemberNames, .. CelSemverFunctions.MemberNames, .. CelStringFormatting.MemberNames,
         .. CelAuthorizerFunctions.MemberNames];

    public static object? CallGlobal(string name, object?[] args) => Dispatch(GlobalLibraries, name, args);

    /// <summary>A method call; the receiver is <c>args[0]</c>.</summary>
    public static object? CallMember(string name, object?[] args) => Dispatch(MemberLibraries, name, args);

    private static object? Dispatch(Func<string, object?[], object?>[] libraries, string name, object?[] args)
    {
        foreach (var library in libraries)
        {
            var result = library(name, args);
            if (!ReferenceEquals(result, NoMatch)) return result;
        }
        throw CelEvaluationException.NoSuchOverload(name, args);
    }

    /// <summary>The type an identifier such as <c>int</c> or <c>string</c> names, for <c>type(x) == int</c>.</summary>
    public static CelType? TypeNamed(string name) => name switch
    {
        "int" or "uint" or "double" or "bool" or "string" or "bytes" or "list" or "map" or "null_type" or "type" => new CelType(name),
        "net.IP" or "net.CIDR" => new CelType(name),
        _ => null,
    };
}
