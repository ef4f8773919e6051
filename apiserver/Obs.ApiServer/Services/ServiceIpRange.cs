using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Obs.ApiServer.Services;

/// <summary>
/// The IPv4 range cluster IPs come from (default 127.77.0.0/16: loopback, so every node agent can
/// listen on every Service address). As Kubernetes does, the lowest addresses form a static band
/// that dynamic allocation uses only when the rest is full, so that well-known addresses (the
/// <c>kubernetes</c> Service at the first one, cluster DNS at .10) stay free for those who ask.
/// </summary>
public sealed class ServiceIpRange
{
    private readonly uint _first;
    private readonly uint _last;

    public ServiceIpRange(string cidr)
    {
        Cidr = cidr;
        var slash = cidr.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var network) || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], out var bits) || bits is < 8 or > 30)
            throw new ArgumentException($"invalid service CIDR {cidr}: want an IPv4 prefix between /8 and /30", nameof(cidr));
        var mask = uint.MaxValue << (32 - bits);
        var start = ToNumber(network) & mask;
        // The network and broadcast addresses are never handed out.
        _first = start + 1;
        _last = (start | ~mask) - 1;
        StaticBandSize = (uint)Math.Clamp(Size / 16, 16, 256);
    }

    public string Cidr { get; }

    public long Size => (long)_last - _first + 1;

    /// <summary>How many of the lowest addresses dynamic allocation leaves alone while it can.</summary>
    public uint StaticBandSize { get; }

    public IPAddress First => FromNumber(_first);

    /// <summary>The n-th address of the range, counted from its first usable one.</summary>
    public IPAddress At(uint offset) => FromNumber(_first + offset);

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && ToNumber(address) is var n && n >= _first && n <= _last;

    /// <summary>Offsets of the dynamic band, starting at a random one and wrapping around, then the static band.</summary>
    public IEnumerable<uint> DynamicOrder(Random random)
    {
        var size = (uint)Size;
        var dynamicSize = size > StaticBandSize ? size - StaticBandSize : 0;
        if (dynamicSize > 0)
        {
            var start = (uint)random.NextInt64(dynamicSize);
            for (uint i = 0; i < dynamicSize; i++) yield return StaticBandSize + (start + i) % dynamicSize;
        }
        for (uint i = 0; i < Math.Min(StaticBandSize, size); i++) yield return i;
    }

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress FromNumber(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
