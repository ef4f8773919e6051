namespace Obs.NodeAgent.Dns;

/// <summary>
/// The OPT pseudo-record (RFC 6891), kept apart from the additional section: the sender's UDP
/// payload size, the upper bits of the RCODE, the version and the DO bit. Options are not used here.
/// </summary>
public sealed record EdnsOptions(ushort UdpPayloadSize, byte ExtendedResponseCode = 0, byte Version = 0, bool DnssecOk = false);
