using Microsoft.Extensions.Logging;

namespace Obs.Client.LeaderElection;

internal static partial class LeaderElectionLog
{
    [LoggerMessage(1, LogLevel.Information, "Acquired lease {Namespace}/{Name} as {Identity}")]
    public static partial void Acquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(2, LogLevel.Information, "Stopped leading through lease {Namespace}/{Name} as {Identity}")]
    public static partial void Stopped(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(3, LogLevel.Warning, "Lost lease {Name} to {Holder}")]
    public static partial void Lost(ILogger logger, string name, string holder);

    [LoggerMessage(4, LogLevel.Debug, "Could not acquire or renew lease {Name}: {Message}")]
    public static partial void AttemptFailed(ILogger logger, string name, string message);

    [LoggerMessage(5, LogLevel.Error, "The leader's work on lease {Name} failed")]
    public static partial void WorkFailed(ILogger logger, string name, Exception exception);
}
