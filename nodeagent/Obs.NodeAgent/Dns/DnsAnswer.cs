namespace Obs.NodeAgent.Dns;

/// <summary>What the zone says about one question: the response code and the three record sections.</summary>
public sealed record DnsAnswer(DnsResponseCode Code, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Authority, IReadOnlyList<DnsRecord> Additional)
{
    public static DnsAnswer Of(DnsResponseCode code) => new(code, [], [], []);
}
