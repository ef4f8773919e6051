using Microsoft.Extensions.Logging;

namespace Obs.Client.Queues;

internal static partial class QueueWorkersLog
{
    [LoggerMessage(1, LogLevel.Warning, "Sync of {Key} failed; retrying with backoff")]
    public static partial void Retrying(ILogger logger, string key, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Sync of {Key} failed {Retries} times in a row; dropping it until it changes again")]
    public static partial void Dropped(ILogger logger, string key, int retries, Exception exception);
}
