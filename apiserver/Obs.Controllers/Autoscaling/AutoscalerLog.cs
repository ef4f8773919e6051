using Microsoft.Extensions.Logging;

namespace Obs.Controllers.Autoscaling;

internal static partial class AutoscalerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "horizontal pod autoscaler {Key} scaled its target from {From} to {To} replicas")]
    public static partial void Rescaled(ILogger logger, string key, int from, int to);
}
