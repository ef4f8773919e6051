using System.Text;

namespace Obs.Bench.Load;

/// <summary>
/// A pod bound to a node no agent runs, whose status the benchmark writes as the agent would: first a
/// running container, then the same container waiting in CrashLoopBackOff. The second write is the
/// instant the crash-looping condition becomes true.
/// </summary>
internal static class CrashLoopManifests
{
    public const string Pod = "crasher";
    public const string Node = "bench-alert-node";

    public static byte[] PodSpec(string ns) => Encoding.UTF8.GetBytes($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{Pod}}}","namespace":"{{{ns}}}"},
         "spec":{"nodeName":"{{{Node}}}","containers":[{"name":"main","image":"busybox:1.36","command":["sh","-c","exit 3"]}]}}
        """);

    public static byte[] Running() => Status("""{"running":{"startedAt":"STARTED"}}""", ready: true, restarts: 0);

    public static byte[] CrashLooping() => Status("""{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 10s restarting failed container"}}""", ready: false, restarts: 3);

    private static byte[] Status(string state, bool ready, int restarts) => Encoding.UTF8.GetBytes($$$"""
        {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}],
         "containerStatuses":[{"name":"main","image":"busybox:1.36","imageID":"","ready":{{{(ready ? "true" : "false")}}},"restartCount":{{{restarts}}},"state":{{{state}}}}]}}
        """.Replace("STARTED", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
