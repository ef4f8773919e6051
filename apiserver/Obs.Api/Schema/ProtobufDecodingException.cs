namespace Obs.Api.Schema;

/// <summary>A protobuf request body that cannot be read: bad envelope, truncated message, wrong wire type, unknown kind.</summary>
public sealed class ProtobufDecodingException(string message) : Exception(message);
