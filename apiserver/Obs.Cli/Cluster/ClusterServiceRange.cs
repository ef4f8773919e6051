using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Obs.ApiServer;
using Obs.ApiServer.Services;

namespace Obs.Cli.Cluster;

/// <summary>
/// The loopback range a local cluster's Services get their addresses from, with cluster DNS at its tenth address.
/// Every cluster on a machine listens on its Services' addresses and its DNS address on that machine's loopback, so two
/// clusters sharing a range answer each other's pods (DNS is served with SO_REUSEPORT for the agents of one cluster,
/// and the kernel spreads queries over every cluster's agents alike). A new cluster therefore takes the first of
/// 127.77.0.0/16 … 127.99.0.0/16 that no running cluster serves, and keeps it in its home for its whole life: its
/// Services already hold addresses from it. A cluster that is down serves nothing, so each range is also claimed
/// machine-wide (<see cref="ServiceRangeClaims"/>).
/// </summary>
public static class ClusterServiceRange
{
    private const int FirstSecondOctet = 77;
    private const int LastSecondOctet = 99;

    /// <summary>Offset of the cluster DNS address from the range's first usable one (127.77.0.10 in 127.77.0.0/16).</summary>
    public const uint DnsOffset = 9;

    public static IPAddress Dns(string cidr) => new ServiceIpRange(cidr).At(DnsOffset);

    /// <summary>Where a home records its range.</summary>
    public static string RecordIn(ClusterHome home) => Path.Combine(home.Root, "service-cluster-ip-range");

    /// <summary>
    /// The range recorded in the home; else, for a home that ran before this was recorded, the default it was given
    /// then; else the first range neither served nor claimed by another home (see <see cref="Choose"/>), claimed and
    /// recorded. A recorded range is claimed too, so homes from before the claims get theirs on their next start.
    /// </summary>
    public static string ForHome(ClusterHome home, ServiceRangeClaims? claims = null, Func<IPAddress, bool>? served = null)
    {
        claims ??= ServiceRangeClaims.ForMachine();
        served ??= Served;
        var file = RecordIn(home);
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } recorded)
        {
            claims.TryClaim(recorded, home);
            return recorded;
        }
        var range = ApiServerOptions.DefaultServiceClusterIpRange;
        if (!File.Exists(home.Kubeconfig))
        {
            // Two clusters starting at once may pick the same range: the one that loses the claim picks again.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                range = Choose(cidr => claims.HeldByAnother(cidr, home) || served(Dns(cidr)));
                if (claims.TryClaim(range, home)) break;
            }
        }
        else
        {
            claims.TryClaim(range, home);
        }
        Directory.CreateDirectory(home.Root);
        File.WriteAllText(file, range);
        return range;
    }

    /// <summary>The first candidate range not taken; the default when all are taken.</summary>
    public static string Choose(Func<string, bool> taken)
    {
        for (var octet = FirstSecondOctet; octet <= LastSecondOctet; octet++)
        {
            var cidr = $"127.{octet.ToString(CultureInfo.InvariantCulture)}.0.0/16";
            if (!taken(cidr)) return cidr;
        }
        return ApiServerOptions.DefaultServiceClusterIpRange;
    }

    /// <summary>Whether a node agent serves DNS (TCP 53) at this address: on loopback a refusal is immediate.</summary>
    private static bool Served(IPAddress dns)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return socket.ConnectAsync(new IPEndPoint(dns, 53)).Wait(TimeSpan.FromMilliseconds(500)) && socket.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
