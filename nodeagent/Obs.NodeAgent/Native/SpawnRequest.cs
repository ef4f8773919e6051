namespace Obs.NodeAgent.Native;

/// <summary>
/// One process to start with posix_spawn: its argv and environment, the files opened onto
/// fds 0, 1 and 2 in the child, and the PID/UTS/mount namespaces (as /proc/PID/ns paths) it is
/// born into. The child always leads a new session, with default signal dispositions.
/// </summary>
/// <param name="StdoutFd">An open descriptor (close-on-exec) to give the child as its stdout instead of opening <paramref name="StdoutPath"/>.</param>
/// <param name="StdinFlags">How <paramref name="StdinPath"/> is opened: read-write keeps a FIFO from ever reaching its end.</param>
/// <param name="StdinFd">An open descriptor (close-on-exec) to give the child as its stdin instead of opening <paramref name="StdinPath"/>.</param>
/// <param name="TerminalFd">A pseudo-terminal's slave (close-on-exec) to give the child as its controlling terminal and as fds 0-2; the paths are then not opened.</param>
internal sealed record SpawnRequest(
    string Path,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Environment,
    string StdinPath,
    string StdoutPath,
    int StdoutFlags,
    string? StderrPath,
    int StderrFlags,
    string? PidNamespacePath = null,
    string? UtsNamespacePath = null,
    string? MountNamespacePath = null,
    int StdoutFd = -1,
    int TerminalFd = -1,
    int StdinFlags = Libc.O_RDONLY,
    int StdinFd = -1);
