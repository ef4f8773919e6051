using Microsoft.Extensions.Logging;

namespace Obs.Client.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(1, LogLevel.Debug, "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(2, LogLevel.Information, "Watch of {Resource} expired ({Message}): re-listing")]
    public static partial void Relisting(ILogger logger, string resource, string message);

    [LoggerMessage(3, LogLevel.Warning, "The {Operation} of {Resource} failed; retrying in {Backoff}")]
    public static partial void Failed(ILogger logger, string resource, string operation, TimeSpan backoff, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "The watch of {Resource} ended at once with no events")]
    public static partial void WatchEndedAtOnce(ILogger logger, string resource);

    [LoggerMessage(5, LogLevel.Error, "A handler of {Resource} events threw")]
    public static partial void HandlerFailed(ILogger logger, string resource, Exception exception);
}
