using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Obs.Client.Tests.Fakes;

/// <summary>Keeps log lines so a failing test can show what the component was doing.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");

    public override string ToString() => string.Join("\n", Lines);
}
