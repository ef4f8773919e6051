namespace Obs.ApiServer.Spdy;

/// <summary>The SPDY/3.1 frame types (section 2.6); <see cref="Data"/> stands for a data frame, which has no type field.</summary>
internal enum SpdyFrameType : ushort
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}

/// <summary>Flags, RST_STREAM and GOAWAY status codes, and the SETTINGS id that flow control needs.</summary>
internal static class SpdyCodes
{
    public const byte FlagFin = 0x01;
    public const byte FlagUnidirectional = 0x02;

    public const uint ProtocolError = 1;
    public const uint InvalidStream = 2;
    public const uint RefusedStream = 3;
    public const uint Cancel = 5;
    public const uint InternalError = 6;
    public const uint FlowControlError = 7;
    public const uint StreamInUse = 8;
    public const uint StreamAlreadyClosed = 9;

    public const uint GoAwayOk = 0;
    public const uint GoAwayProtocolError = 1;

    public const uint SettingsInitialWindowSize = 7;

    /// <summary>Both flow-control windows start at 64 KB (section 2.6.8).</summary>
    public const int InitialWindow = 64 * 1024;
}
