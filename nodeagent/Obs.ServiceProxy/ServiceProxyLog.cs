using Microsoft.Extensions.Logging;

namespace Obs.ServiceProxy;

internal static partial class ServiceProxyLog
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {Listener} for {Target} ({Protocol})")]
    public static partial void Listening(ILogger logger, string listener, string target, string protocol);

    [LoggerMessage(2, LogLevel.Information, "Stopped listening on {Listener}")]
    public static partial void Stopped(ILogger logger, string listener);

    // The reason, not the exception: an address in use or a missing permission needs no stack trace (and
    // formatting one loads the runtime's stack-trace libraries into an otherwise idle agent, ~2 MB).
    [LoggerMessage(3, LogLevel.Warning, "Cannot listen on {Listener} for {Target}: {Reason}; retrying later")]
    public static partial void BindFailed(ILogger logger, string listener, string target, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Listener conflict: {Conflict}")]
    public static partial void Conflict(ILogger logger, string conflict);

    [LoggerMessage(5, LogLevel.Debug, "{Target}: endpoint {Endpoint} refused the connection ({Reason}); retrying on {Next}")]
    public static partial void RetryingRequest(ILogger logger, string target, string endpoint, string next, string reason);

    [LoggerMessage(6, LogLevel.Debug, "{Target}: endpoint {Endpoint} failed")]
    public static partial void BackendFailed(ILogger logger, string target, string endpoint, Exception error);

    [LoggerMessage(7, LogLevel.Debug, "{Target}: tunnel to {Endpoint} ended: {Reason}")]
    public static partial void TunnelEnded(ILogger logger, string target, string endpoint, string reason);

    [LoggerMessage(8, LogLevel.Error, "Applying the proxy table failed; retrying")]
    public static partial void ApplyFailed(ILogger logger, Exception error);

    [LoggerMessage(9, LogLevel.Debug, "Applied the proxy table: {Listeners} listeners, {Failed} waiting to bind")]
    public static partial void Applied(ILogger logger, int listeners, int failed);

    [LoggerMessage(10, LogLevel.Debug, "{Target}: UDP session for {Client} failed")]
    public static partial void UdpSessionFailed(ILogger logger, string target, string client, Exception error);

    [LoggerMessage(11, LogLevel.Error, "{Target}: a connection from {Client} failed")]
    public static partial void ConnectionFailed(ILogger logger, string target, string client, Exception error);
}
