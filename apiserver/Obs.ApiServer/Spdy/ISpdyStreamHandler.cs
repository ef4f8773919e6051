namespace Obs.ApiServer.Spdy;

/// <summary>What a <see cref="SpdySession"/> does with the streams its peer opens.</summary>
internal interface ISpdyStreamHandler
{
    /// <summary>Whether to accept the stream (answered with SYN_REPLY) or refuse it (RST_STREAM REFUSED_STREAM). Called on the session's reading loop: return quickly.</summary>
    bool Admit(SpdyStream stream);

    /// <summary>The stream was accepted and its SYN_REPLY sent. Called on the session's reading loop: start work, do not wait for it.</summary>
    void Opened(SpdyStream stream);
}
