namespace Obs.Api.Cel;

/// <summary>
/// A network of Kubernetes' cidr library (<c>net.CIDR</c>): an address and a prefix length, read as Go's
/// <c>netip.ParsePrefix</c> reads it (host bits may be set; no zone; the length in plain decimal), and
/// refused for an IPv4-mapped IPv6 address, as Kubernetes does.
/// </summary>
public sealed record CelCidr(CelIp Address, int PrefixLength)
{
    public static CelCidr? TryParse(string text, out string? error)
    {
        var problem = Problem(text, out var cidr);
        error = problem is null ? null : $"network address parse error during conversion from string: network address parse error during conversion from string: {problem}";
        if (cidr is { Address: { IsV6: true } address } && address.Bits >> 32 == 0xffff)
        {
            error = $"network address parse error during conversion from string: IPv4-mapped IPv6 address \"{text}\" is not allowed";
            return null;
        }
        return cidr;
    }

    private static string? Problem(string text, out CelCidr? cidr)
    {
        cidr = null;
        var slash = text.LastIndexOf('/');
        var at = $"netip.ParsePrefix(\"{text}\")";
        if (slash < 0) return $"{at}: no '/'";
        var (ip, problem) = CelIp.Parse(text[..slash]);
        if (ip is null) return $"{at}: ParseAddr(\"{text[..slash]}\"): {problem}";
        if (text.IndexOf('%') is var zone && zone >= 0 && zone < slash) return $"{at}: IPv6 zones cannot be present in a prefix";
        var bits = text[(slash + 1)..];
        // Go takes the length only in plain decimal: no sign, no leading zero.
        if (bits.Length == 0 || bits.Length > 3 || !bits.All(char.IsAsciiDigit) || (bits.Length > 1 && bits[0] == '0'))
            return $"{at}: bad bits after slash: \"{bits}\"";
        var length = int.Parse(bits, System.Globalization.CultureInfo.InvariantCulture);
        if (length > ip.BitLength) return $"{at}: prefix length out of range";
        cidr = new CelCidr(ip, length);
        return null;
    }

    public CelCidr Masked() => this with { Address = Address.Masked(PrefixLength) };

    public bool Contains(CelIp ip) => ip.IsV6 == Address.IsV6 && ip.Masked(PrefixLength) == Address.Masked(PrefixLength);

    /// <summary>Whether <paramref name="other"/> lies wholly inside this network (Kubernetes compares both addresses masked to this length).</summary>
    public bool Contains(CelCidr other) => PrefixLength <= other.PrefixLength && Contains(other.Address);

    public override string ToString() => $"{Address}/{PrefixLength}";
}
