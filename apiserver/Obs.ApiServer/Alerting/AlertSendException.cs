namespace Obs.ApiServer.Alerting;

/// <summary>A destination refused a notice; <see cref="Permanent"/> when sending it again would be refused the same way.</summary>
public sealed class AlertSendException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
