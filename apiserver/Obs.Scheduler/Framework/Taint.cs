using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Scheduler.Framework;

/// <summary>A node taint: pods without a matching toleration are kept off (NoSchedule, NoExecute) or avoided (PreferNoSchedule).</summary>
public sealed record Taint(string Key, string Value, string Effect)
{
    public static Taint FromJson(JsonNode? node) =>
        new(node.StringAt("key") ?? "", node.StringAt("value") ?? "", node.StringAt("effect") ?? "");
}
