namespace Obs.NodeAgent.Dns;

/// <summary>A message that does not follow the wire format: the server answers FORMERR.</summary>
public sealed class DnsFormatException(string message) : Exception(message);
