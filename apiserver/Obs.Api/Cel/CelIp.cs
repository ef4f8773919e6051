using System.Globalization;
using System.Text;

namespace Obs.Api.Cel;

/// <summary>
/// An IP address of Kubernetes' ip library (<c>net.IP</c>): IPv4 or IPv6, read as Go's
/// <c>netip.ParseAddr</c> reads it (so no leading zeros in IPv4 octets), and then refused with a zone
/// (<c>fe80::1%eth0</c>) or as an IPv4-mapped IPv6 address (<c>::ffff:1.2.3.4</c>), as Kubernetes does.
/// <see cref="Bits"/> holds the address in its low 32 (IPv4) or all 128 bits.
/// </summary>
public sealed record CelIp(UInt128 Bits, bool IsV6)
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xffff << 32;

    public int BitLength => IsV6 ? 128 : 32;

    /// <summary>The address, or null with <paramref name="error"/> saying why not, in Kubernetes' words.</summary>
    public static CelIp? TryParse(string text, out string? error)
    {
        var (ip, problem) = Parse(text);
        error = problem is null ? null : $"IP Address \"{text}\" parse error during conversion from string: ParseAddr(\"{text}\"): {problem}";
        if (ip is null) return null;
        if (text.Contains('%'))
        {
            error = $"IP address \"{text}\" with zone value is not allowed";
            return null;
        }
        if (ip.IsV6 && ip.Bits >> 32 == MappedPrefix >> 32)
        {
            error = $"IPv4-mapped IPv6 address \"{text}\" is not allowed";
            return null;
        }
        return ip;
    }

    /// <summary>Go's netip parse: the address (zone accepted and dropped), or what is wrong.</summary>
    internal static (CelIp? Ip, string? Problem) Parse(string s)
    {
        foreach (var c in s)
        {
            switch (c)
            {
                case '.':
                    var v4 = ParseV4(s);
                    return v4.Problem is null ? (new CelIp(v4.Value, false), null) : (null, v4.Problem);
                case ':':
                    return ParseV6(s);
                case '%':
                    return (null, "missing IPv6 address");
            }
        }
        return (null, "unable to parse IP");
    }

    private readonly record struct V4(uint Value, string? Problem);

    private static V4 ParseV4(string s)
    {
        uint value = 0;
        var fields = 0;
        var digits = 0;
        var field = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 1 && field == 0) return new V4(0, "IPv4 field has octet with leading zero");
                field = field * 10 + (c - '0');
                digits++;
                if (field > 255) return new V4(0, "IPv4 field has value >255");
            }
            else if (c == '.')
            {
                if (digits == 0) return new V4(0, "IPv4 field must have at least one digit");
                if (fields == 3) return new V4(0, "IPv4 address too long");
                value = value << 8 | (uint)field;
                fields++;
                digits = field = 0;
            }
            else return new V4(0, "unexpected character");
        }
        if (digits == 0) return new V4(0, "IPv4 field must have at least one digit");
        if (fields != 3) return new V4(0, "IPv4 address too short");
        return new V4(value << 8 | (uint)field, null);
    }

    private static (CelIp?, string?) ParseV6(string s)
    {
        var zone = s.IndexOf('%');
        if (zone >= 0)
        {
            if (zone == s.Length - 1) return (null, "zone must be a non-empty string");
            s = s[..zone];
        }
        var groups = new List<ushort>();
        var ellipsis = -1;
        var i = 0;
        if (s.StartsWith("::", StringComparison.Ordinal))
        {
            ellipsis = 0;
            i = 2;
        }
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
            if (i < s.Length && s[i] == '.')
            {
                // An embedded IPv4 address fills the last 32 bits.
                var v4 = ParseV4(s[start..]);
                if (groups.Count > 6 || v4.Problem is not null) return (null, "invalid IPv4 field in IPv6 address");
                groups.Add((ushort)(v4.Value >> 16));
                groups.Add((ushort)v4.Value);
                i = s.Length;
                break;
            }
            if (i == start) return (null, "each colon-separated field must have at least one digit");
            if (i - start > 4) return (null, "IPv6 field has value >=2^16");
            groups.Add(ushort.Parse(s.AsSpan(start, i - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (groups.Count > 8) return (null, "IPv6 address too long");
            if (i == s.Length) break;
            if (s[i] != ':') return (null, "unexpected character, want colon");
            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (ellipsis >= 0) return (null, "multiple :: in address");
                ellipsis = groups.Count;
                i++;
            }
            else if (i == s.Length) return (null, "colon must be followed by more characters");
        }
        if (ellipsis < 0 ? groups.Count != 8 : groups.Count > 7) return (null, ellipsis < 0 ? "address string too short" : "IPv6 address too long");
        UInt128 bits = 0;
        var missing = 8 - groups.Count;
        for (var g = 0; g < groups.Count; g++)
        {
            if (g == ellipsis) bits <<= 16 * missing;
            bits = bits << 16 | groups[g];
        }
        if (ellipsis == groups.Count) bits <<= 16 * missing;
        return (new CelIp(bits, true), null);
    }

    /// <summary>The canonical text, as Go writes it: dotted IPv4; lowercase IPv6 with the longest run of two or more zero groups as <c>::</c>.</summary>
    public override string ToString()
    {
        if (!IsV6)
        {
            var v = (uint)Bits;
            return $"{v >> 24}.{v >> 16 & 0xff}.{v >> 8 & 0xff}.{v & 0xff}";
        }
        var groups = new ushort[8];
        for (var g = 0; g < 8; g++) groups[g] = (ushort)(Bits >> (112 - 16 * g));
        int zeroStart = -1, zeroLength = 1;
        for (var g = 0; g < 8; g++)
        {
            var end = g;
            while (end < 8 && groups[end] == 0) end++;
            if (end - g > zeroLength) (zeroStart, zeroLength) = (g, end - g);
        }
        var text = new StringBuilder();
        for (var g = 0; g < 8; g++)
        {
            if (g == zeroStart)
            {
                text.Append("::");
                g += zeroLength - 1;
                continue;
            }
            if (text.Length > 0 && text[^1] != ':') text.Append(':');
            text.Append(groups[g].ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private ushort FirstGroup => (ushort)(Bits >> 112);

    private byte FirstOctet => (byte)(Bits >> 24);

    public bool IsUnspecified => Bits == 0;

    public bool IsLoopback => IsV6 ? Bits == 1 : FirstOctet == 127;

    public bool IsMulticast => IsV6 ? FirstGroup >> 8 == 0xff : FirstOctet >> 4 == 0xe;

    public bool IsLinkLocalUnicast => IsV6 ? (FirstGroup & 0xffc0) == 0xfe80 : (uint)Bits >> 16 == 0xa9fe;

    public bool IsLinkLocalMulticast => IsV6 ? (FirstGroup & 0xff0f) == 0xff02 : (uint)Bits >> 8 == 0xe00000;

    /// <summary>Go's rule: neither unspecified, IPv4 broadcast, loopback, multicast nor link-local unicast (private ranges count).</summary>
    public bool IsGlobalUnicast =>
        !IsUnspecified && !(!IsV6 && (uint)Bits == uint.MaxValue) && !IsLoopback && !IsMulticast && !IsLinkLocalUnicast;

    /// <summary>The address with all but the first <paramref name="bits"/> bits zero.</summary>
    public CelIp Masked(int bits) =>
        this with { Bits = bits == 0 ? 0 : Bits & ((UInt128.MaxValue << (BitLength - bits)) & (IsV6 ? UInt128.MaxValue : uint.MaxValue)) };
}
