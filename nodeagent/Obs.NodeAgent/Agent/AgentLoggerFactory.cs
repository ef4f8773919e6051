using Microsoft.Extensions.Logging;

namespace Obs.NodeAgent.Agent;

/// <summary>
/// The agent's one logger offered as a factory, for the parts that take one (the service proxy):
/// every category writes where the agent writes, so their warnings land in the agent's log.
/// </summary>
internal sealed class AgentLoggerFactory(ILogger logger) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
