using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Probes;

/// <summary>A probe target whose exec answers from a script of exit codes (the last one repeats) and records when it was called.</summary>
public sealed class FakeTarget(TimeProvider time, params int[] exitCodes) : IProbeTarget
{
    private int _calls;

    public string Host => "127.0.0.1";

    public Dictionary<string, int> Ports { get; } = [];

    public List<DateTimeOffset> Calls { get; } = [];

    public int? ResolvePort(string name) => Ports.TryGetValue(name, out var port) ? port : null;

    public int AssignedPort(int declared) => declared;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(time.GetUtcNow());
        }
        var code = exitCodes[Math.Min(_calls++, exitCodes.Length - 1)];
        return Task.FromResult(new ExecResult(code, code == 0 ? "" : "bad\n", false));
    }
}
