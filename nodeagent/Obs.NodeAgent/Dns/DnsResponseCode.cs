namespace Obs.NodeAgent.Dns;

/// <summary>RCODE values (RFC 1035 §4.1.1; BADVERS is the EDNS0 extended code, RFC 6891 §9).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}
