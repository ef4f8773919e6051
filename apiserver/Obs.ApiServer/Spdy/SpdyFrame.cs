namespace Obs.ApiServer.Spdy;

/// <summary>
/// One frame as read off the wire: a data frame (<see cref="SpdyFrameType.Data"/>, its stream in
/// <see cref="StreamId"/>) or a control frame (its type, and the stream id its payload starts with
/// for the types that have one). The payload is everything after the 8-byte common header.
/// </summary>
internal sealed record SpdyFrame(SpdyFrameType Type, byte Flags, uint StreamId, byte[] Payload)
{
    public bool Fin => (Flags & SpdyCodes.FlagFin) != 0;
}
