namespace Obs.NodeAgent.Runtime;

/// <summary>The outcome of a command run in a container: exit code (-1 when it timed out or could not start) and its combined output.</summary>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut);
