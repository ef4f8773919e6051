using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>A node's facts in the words <c>kubectl describe node</c> uses: addresses, capacity against allocatable, system info.</summary>
public static class NodeFacts
{
    public static string Addresses(JsonObject node) =>
        (node.At("status", "addresses") as JsonArray)?.OfType<JsonObject>().Select(a => $"{a.StringAt("type")} {a.StringAt("address")}").ToList() is { Count: > 0 } list
            ? string.Join(", ", list)
            : "none reported";

    /// <summary>"4 (allocatable 3800m)": what the machine has and what pods may be given of it.</summary>
    public static string Resource(JsonObject node, string name)
    {
        var capacity = node.StringAt("status", "capacity", name);
        var allocatable = node.StringAt("status", "allocatable", name);
        if (capacity is null) return "not reported";
        return allocatable is null || allocatable == capacity ? capacity : $"{capacity} (allocatable {allocatable})";
    }

    public static string System(JsonObject node)
    {
        var info = node.At("status", "nodeInfo") as JsonObject;
        if (info is null) return "not reported";
        string?[] parts = [info.StringAt("osImage"), info.StringAt("kernelVersion"), info.StringAt("architecture"), info.StringAt("kubeletVersion") is { } v ? "agent " + v : null];
        return string.Join(", ", parts.Where(p => !string.IsNullOrEmpty(p)));
    }
}
