using System.Text.Json.Nodes;
using Obs.Controllers.Autoscaling;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Autoscaling;

/// <summary>Pods and samples for the autoscaler tests: running pods with requests, started and ready a while ago unless said otherwise.</summary>
internal static class AutoscalingPods
{
    public static JsonObject Pod(string name, string? cpuRequest = "1", string? memoryRequest = null, bool ready = true, int startedAgo = 600, int readyAgo = 540, string phase = "Running")
    {
        var requests = new JsonObject();
        if (cpuRequest is not null) requests["cpu"] = cpuRequest;
        if (memoryRequest is not null) requests["memory"] = memoryRequest;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox", ["resources"] = new JsonObject { ["requests"] = requests } }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["startTime"] = Stores.At(startedAgo),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = Stores.At(readyAgo) }),
            },
        };
    }

    /// <summary>Samples in milli-units, one per pod in order, taken just now over 15 s.</summary>
    public static Dictionary<string, PodMetric> Metrics(params (string Pod, long Milli)[] samples) =>
        samples.ToDictionary(s => s.Pod, s => new PodMetric(s.Milli, Stores.Now, TimeSpan.FromSeconds(15)));
}
