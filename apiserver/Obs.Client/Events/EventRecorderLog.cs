using Microsoft.Extensions.Logging;

namespace Obs.Client.Events;

internal static partial class EventRecorderLog
{
    [LoggerMessage(1, LogLevel.Warning, "Writing the {Reason} event about {Kind} {Name} failed: {Message}")]
    public static partial void WriteFailed(ILogger logger, string reason, string kind, string name, string message);

    [LoggerMessage(2, LogLevel.Debug, "Dropped the {Reason} event about {Kind} {Name}: {Pending} events are already waiting to be written")]
    public static partial void Dropped(ILogger logger, string reason, string kind, string name, int pending);
}
