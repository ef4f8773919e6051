using Microsoft.Extensions.Logging;

namespace Obs.Controllers.Hosting;

internal static partial class ControllerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Controller}: syncing {Key} failed, will retry: {Message}")]
    public static partial void SyncFailed(ILogger logger, string controller, string key, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: dropping {Key} after repeated failures")]
    public static partial void Dropped(ILogger logger, string controller, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "controller manager: leading as {Identity}; starting {Count} controllers")]
    public static partial void Starting(ILogger logger, string identity, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "controller manager: stopped leading as {Identity}")]
    public static partial void Stopped(ILogger logger, string identity);
}
