using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;

namespace Obs.Controllers.Revisions;

/// <summary>
/// What a ControllerRevision of a StatefulSet or DaemonSet holds: the strategic merge patch
/// <c>{"spec":{"template":{…,"$patch":"replace"}}}</c> that puts the owner's pod template back.
/// <c>kubectl rollout undo</c> sends exactly this data as a patch, and <c>rollout history --revision</c>
/// applies it to show the template, so the shape is kubectl's, not ours.
/// </summary>
public static class RevisionData
{
    /// <summary>The label StatefulSet and DaemonSet pods carry their revision under.</summary>
    public const string PodRevisionLabel = "controller-revision-hash";

    /// <summary>The label a StatefulSet's revisions carry their hash under (history.ControllerRevisionHashLabel).</summary>
    public const string HashLabel = "controller.kubernetes.io/hash";

    public static JsonObject Patch(JsonObject owner)
    {
        var template = (JsonObject)(owner.At("spec", "template")?.DeepClone() ?? new JsonObject());
        template["$patch"] = "replace";
        // Written with sorted keys, as Go's json.Marshal of a map does: kubectl compares these bytes to skip a no-op undo.
        return (JsonObject)Sorted(new JsonObject { ["spec"] = new JsonObject { ["template"] = template } })!;
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    /// <summary>The pod template a revision restores (its data without the directive).</summary>
    public static JsonObject Template(JsonObject revision)
    {
        var template = (JsonObject)(revision.At("data", "spec", "template")?.DeepClone() ?? new JsonObject());
        template.Remove("$patch");
        return template;
    }

    /// <summary>True when the revision restores a template equivalent to <paramref name="template"/> (defaults and empties aside).</summary>
    public static bool Restores(JsonObject revision, JsonObject template) =>
        PodTemplateNormalizer.AreEquivalent(Template(revision), WithoutRevisionLabel(template));

    /// <summary>The revision's hash: of the normalized template and the owner's collision count.</summary>
    public static string Hash(JsonObject owner, long? collisionCount) =>
        PodTemplateHash.Compute(WithoutRevisionLabel(owner.At("spec", "template") as JsonObject ?? new JsonObject()), collisionCount);

    public static long Number(JsonNode? revision) => revision.LongAt("revision") ?? 0;

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonObject WithoutRevisionLabel(JsonObject template)
    {
        if (template.At("metadata", "labels", PodRevisionLabel) is null) return template;
        var copy = (JsonObject)template.DeepClone();
        copy.At("metadata", "labels")!.AsObject().Remove(PodRevisionLabel);
        return copy;
    }
}
