using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// The hostname a pod's containers see, as the kubelet gives it: <c>spec.hostname</c> when set (StatefulSets set it
/// to the pod's name, Indexed Jobs to <c>job-index</c>, which peers address each other by), else the pod's name cut to
/// 63 characters; a <c>hostNetwork</c> pod shares the machine's.
/// </summary>
public static class PodHostname
{
    public static string For(JsonObject pod, string podName, string machineHostname)
    {
        if (pod.BoolAt("spec", "hostNetwork") == true) return machineHostname;
        if (pod.StringAt("spec", "hostname") is { Length: > 0 } hostname) return hostname;
        return FromName(podName);
    }

    /// <summary>The pod's name as a hostname: its first 63 characters, without a trailing '-' or '.'.</summary>
    public static string FromName(string podName) => podName.Length > 63 ? podName[..63].TrimEnd('-', '.') : podName;
}
