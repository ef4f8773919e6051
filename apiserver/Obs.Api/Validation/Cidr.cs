using System.Net;

namespace Obs.Api.Validation;

/// <summary>
/// An IP range in CIDR notation, read as Kubernetes' ParseCIDRSloppy reads it: host bits after the
/// prefix are allowed and dropped, so <c>10.0.0.1/24</c> is the range <c>10.0.0.0/24</c>.
/// </summary>
public readonly record struct Cidr(byte[] Network, int PrefixLength)
{
    public const string InvalidMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static bool TryParse(string text, out Cidr cidr)
    {
        cidr = default;
        var slash = text.IndexOf('/');
        if (slash < 0 || !NameFormats.IsIp(text[..slash]) || !IPAddress.TryParse(text[..slash], out var address)) return false;
        var bytes = address.GetAddressBytes();
        var suffix = text[(slash + 1)..];
        if (suffix.Length == 0 || !suffix.All(char.IsAsciiDigit) || !int.TryParse(suffix, out var bits) || bits > bytes.Length * 8) return false;
        cidr = new Cidr(Masked(bytes, bits), bits);
        return true;
    }

    /// <summary>Whether <paramref name="inner"/> is a strictly smaller range inside this one.</summary>
    public bool StrictlyContains(Cidr inner) =>
        inner.Network.Length == Network.Length && inner.PrefixLength > PrefixLength &&
        Masked(inner.Network, PrefixLength).AsSpan().SequenceEqual(Network);

    private static byte[] Masked(byte[] address, int bits)
    {
        var masked = (byte[])address.Clone();
        for (var i = 0; i < masked.Length; i++)
        {
            var keep = Math.Clamp(bits - i * 8, 0, 8);
            masked[i] &= (byte)(0xff << (8 - keep));
        }
        return masked;
    }
}
