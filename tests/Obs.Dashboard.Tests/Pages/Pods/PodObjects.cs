using System.Text.Json.Nodes;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Pods;

/// <summary>Pods in the states kubectl names (running, crash looping, completed, terminating).</summary>
public static class PodObjects
{
    public static JsonObject Running(string ns, string name, string node = "node-1") =>
        Pod(ns, name, node, "Running", new JsonObject { ["running"] = new JsonObject { ["startedAt"] = CachedObjects.Ago(TimeSpan.FromMinutes(9)) } }, ready: true);

    public static JsonObject CrashLooping(string ns, string name)
    {
        var pod = Pod(ns, name, "node-1", "Running",
            new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 40s restarting failed container" } }, ready: false, restarts: 4);
        var status = (JsonObject)pod["status"]!["containerStatuses"]![0]!;
        status["lastState"] = new JsonObject
        {
            ["terminated"] = new JsonObject { ["reason"] = "Error", ["exitCode"] = 137, ["finishedAt"] = CachedObjects.Ago(TimeSpan.FromMinutes(1)) },
        };
        return pod;
    }

    public static JsonObject Completed(string ns, string name) =>
        Pod(ns, name, "node-1", "Succeeded", new JsonObject { ["terminated"] = new JsonObject { ["reason"] = "Completed", ["exitCode"] = 0 } }, ready: false);

    public static JsonObject Terminating(string ns, string name)
    {
        var pod = Running(ns, name);
        pod["metadata"]!["deletionTimestamp"] = CachedObjects.Ago(TimeSpan.FromSeconds(5));
        return pod;
    }

    /// <summary>A pod whose one container waits for the reason given (ContainerCreating, ImagePullBackOff…), in the phase given.</summary>
    public static JsonObject Waiting(string ns, string name, string reason, string phase = "Pending") =>
        Pod(ns, name, "node-1", phase, new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } }, ready: false);

    /// <summary>A pod whose one container ended for the reason given (OOMKilled, Error…), in the phase given.</summary>
    public static JsonObject Terminated(string ns, string name, string reason, string phase) =>
        Pod(ns, name, "node-1", phase, new JsonObject { ["terminated"] = new JsonObject { ["reason"] = reason, ["exitCode"] = 137 } }, ready: false);

    /// <summary>A pod the scheduler has not placed yet: phase Pending, no node, no container status.</summary>
    public static JsonObject Unscheduled(string ns, string name)
    {
        var pod = Running(ns, name);
        ((JsonObject)pod["spec"]!).Remove("nodeName");
        pod["status"] = new JsonObject { ["phase"] = "Pending" };
        return pod;
    }

    /// <summary>Creates a namespace and in it a pod named "pending" that no node runs (no scheduler here), as the apiserver stores it.</summary>
    public static async Task<JsonObject> CreatePendingAsync(Obs.Client.Rest.ApiClient api, string ns)
    {
        await api.CreateAsync(Obs.Api.Resources.ResourceTypes.Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        var pod = await api.CreateAsync(Obs.Api.Resources.ResourceTypes.Pod, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "pending", ["namespace"] = ns },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
        });
        pod["kind"] = "Pod";
        pod["apiVersion"] = "v1";
        return pod;
    }

    private static JsonObject Pod(string ns, string name, string node, string phase, JsonObject state, bool ready, int restarts = 0) => new()
    {
        ["kind"] = "Pod",
        ["apiVersion"] = "v1",
        ["metadata"] = CachedObjects.Meta(ns, name, TimeSpan.FromMinutes(10)),
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "shop/api:2.1",
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" },
                    ["limits"] = new JsonObject { ["memory"] = "128Mi" },
                },
                ["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = 8080 }, ["periodSeconds"] = 5 },
            }),
        },
        ["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["podIP"] = "10.1.0.7",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["ready"] = ready,
                ["restartCount"] = restarts,
                ["state"] = state,
            }),
        },
    };
}
