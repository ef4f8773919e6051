using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Scheduler.Framework;

/// <summary>A pod toleration, matched against taints as Kubernetes does.</summary>
public sealed record Toleration(string Key, string Operator, string Value, string Effect)
{
    public static Toleration FromJson(JsonNode? node) =>
        new(node.StringAt("key") ?? "", node.StringAt("operator") is { Length: > 0 } op ? op : "Equal", node.StringAt("value") ?? "", node.StringAt("effect") ?? "");

    public bool Tolerates(Taint taint)
    {
        if (Effect.Length > 0 && Effect != taint.Effect) return false;
        // An empty key with Exists tolerates every taint.
        if (Key.Length == 0) return Operator == "Exists";
        if (Key != taint.Key) return false;
        return Operator switch
        {
            "Exists" => true,
            "Equal" => Value == taint.Value,
            _ => false,
        };
    }

    public static bool AnyTolerates(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        foreach (var toleration in tolerations)
            if (toleration.Tolerates(taint)) return true;
        return false;
    }
}
