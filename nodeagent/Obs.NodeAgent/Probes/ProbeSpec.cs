using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Probes;

/// <summary>A v1 Probe: its action and timings, with the API's defaults (0, 10 s, 1 s, 1, 3).</summary>
public sealed record ProbeSpec(
    Handler Handler,
    TimeSpan InitialDelay,
    TimeSpan Period,
    TimeSpan Timeout,
    int SuccessThreshold,
    int FailureThreshold)
{
    public static ProbeSpec FromJson(JsonObject probe) => new(
        Handler.FromJson(probe),
        TimeSpan.FromSeconds(Read(probe, "initialDelaySeconds", 0)),
        TimeSpan.FromSeconds(Read(probe, "periodSeconds", 10)),
        TimeSpan.FromSeconds(Read(probe, "timeoutSeconds", 1)),
        (int)Read(probe, "successThreshold", 1),
        (int)Read(probe, "failureThreshold", 3));

    private static long Read(JsonObject probe, string name, long fallback) =>
        probe[name] is JsonValue value && value.TryGetValue<long>(out var number) && number > 0 ? number : fallback;
}
