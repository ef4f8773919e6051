using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>Events of every shape an Event row is computed from: core/v1 ones, new-API ones with eventTime and series, and broken ones.</summary>
internal sealed class VariedEvents(int seed) : VariedObjects(seed)
{
    private static readonly string?[] Names = ["web-1.17c3", "wéb-ü-ñ.1", "под-1.2", "名前-🚀", "a\"b\\c", "", null];
    private static readonly string?[] Times =
        ["2024-05-01T11:55:00Z", "2024-04-28T01:00:00Z", "2024-05-01T11:59:59.123456Z", "2024-05-01T12:00:30Z", "2025-01-01T00:00:00Z", "not a time", "", null];
    private static readonly string?[] Texts = ["Back-off restarting failed container\n", "  Scaled up \t", "Pulled", "ÄÖÜ\u2003", "", null];
    private static readonly string?[] Kinds = ["Pod", "Deployment", "NODE", "İstanbul", "", null];
    private static readonly string?[] Components = ["kubelet", "deployment-controller", "", null];
    private static readonly JsonNode?[] Counts = [0, 1, 12, -3, 1.5, "4", null, 9_000_000_000_000_000_000m, 99_999_999_999_999_999_999m];

    public JsonObject Next()
    {
        var ev = new Dictionary<string, JsonNode?> { ["kind"] = "Event", ["apiVersion"] = "v1" };
        Maybe(ev, "metadata", () => Shuffled(Only("name", Names)));
        MaybeText(ev, "type", ["Normal", "Warning", "", null]);
        MaybeText(ev, "reason", ["BackOff", "ScalingReplicaSet", "", null]);
        MaybeText(ev, "message", Texts);
        Maybe(ev, "involvedObject", InvolvedObject);
        Maybe(ev, "source", () => Shuffled(Two("component", Components, "host", ["node-a", "", null])));
        MaybeText(ev, "reportingComponent", Components);
        MaybeText(ev, "reportingInstance", ["node-b", "", null]);
        MaybeText(ev, "firstTimestamp", Times);
        MaybeText(ev, "lastTimestamp", Times);
        MaybeText(ev, "eventTime", Times);
        if (Chance(2)) ev["count"] = Pick(Counts)?.DeepClone();
        if (Chance(3)) Maybe(ev, "series", Series);
        return Shuffled(ev);
    }

    private JsonNode InvolvedObject()
    {
        var obj = new Dictionary<string, JsonNode?> { ["namespace"] = "default" };
        MaybeText(obj, "kind", Kinds);
        MaybeText(obj, "name", Names);
        MaybeText(obj, "fieldPath", ["spec.containers{nginx}", "", null]);
        return Shuffled(obj);
    }

    private JsonNode Series()
    {
        var series = Two("lastObservedTime", Times, "count", []);
        if (Chance(2)) series["count"] = Pick(Counts)?.DeepClone();
        return Shuffled(series);
    }

    private Dictionary<string, JsonNode?> Two(string key, string?[] values, string otherKey, string?[] otherValues)
    {
        var obj = Only(key, values);
        if (otherValues.Length > 0) MaybeText(obj, otherKey, otherValues);
        return obj;
    }
}
