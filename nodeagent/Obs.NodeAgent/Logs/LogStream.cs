namespace Obs.NodeAgent.Logs;

public enum LogStream
{
    Stdout,
    Stderr,
}
