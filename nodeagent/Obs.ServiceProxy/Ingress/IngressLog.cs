using Microsoft.Extensions.Logging;

namespace Obs.ServiceProxy.Ingress;

internal static partial class IngressLog
{
    [LoggerMessage(20, LogLevel.Warning, "Ingress not served as asked: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);
}
