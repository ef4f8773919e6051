using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// The pods of an Indexed Job (completionMode Indexed): each carries its completion index in an
/// annotation and a label, is named <c>job-index-random</c> with hostname <c>job-index</c>, and
/// reads the index as <c>JOB_COMPLETION_INDEX</c> through the downward API, so the same template
/// gives every pod its own share of the work.
/// </summary>
public static class IndexedPods
{
    public const string IndexKey = "batch.kubernetes.io/job-completion-index";
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>generateName may be at most 63 minus the 5 random characters the apiserver appends.</summary>
    private const int MaxGeneratedNameLength = 58;

    /// <summary>The pod's index from its annotation, or null when it has none or one outside 0..completions-1.</summary>
    public static int? IndexOf(JsonNode pod, long completions) =>
        int.TryParse(pod.StringAt("metadata", "annotations", IndexKey), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < completions
            ? index
            : null;

    /// <summary>
    /// Adds <c>JOB_COMPLETION_INDEX</c> from the index annotation to every init container and
    /// container that does not set it itself.
    /// </summary>
    public static void AddIndexVariable(JsonObject pod)
    {
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (pod.At("spec", list) is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                if (container["env"] is not JsonArray env) container["env"] = env = [];
                if (env.Any(e => e.StringAt("name") == IndexVariable)) continue;
                env.Add(new JsonObject
                {
                    ["name"] = IndexVariable,
                    ["valueFrom"] = new JsonObject
                    {
                        ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = $"metadata.annotations['{IndexKey}']" },
                    },
                });
            }
        }
    }

    /// <summary>A copy of <paramref name="pod"/> (made with <see cref="AddIndexVariable"/>) for one index.</summary>
    public static JsonObject ForIndex(JsonObject pod, string jobName, int index)
    {
        var copy = (JsonObject)pod.DeepClone();
        var text = index.ToString(CultureInfo.InvariantCulture);
        var metadata = copy.Ensure("metadata");
        metadata["generateName"] = GenerateName(jobName, text);
        metadata.Ensure("annotations")[IndexKey] = text;
        metadata.Ensure("labels")[IndexKey] = text;
        copy.Ensure("spec")["hostname"] = jobName + "-" + text;
        return copy;
    }

    private static string GenerateName(string jobName, string index)
    {
        var suffix = "-" + index + "-";
        var name = jobName + suffix;
        return name.Length <= MaxGeneratedNameLength ? name : jobName[..(MaxGeneratedNameLength - suffix.Length)] + suffix;
    }

    /// <summary>
    /// Active pods to delete so that each index has one pod and at most <paramref name="wanted"/>
    /// run: those without a valid index, every pod of an index but its most advanced one, then
    /// the least advanced of the rest.
    /// </summary>
    public static List<JsonObject> Surplus(IEnumerable<JsonObject> active, long completions, long wanted)
    {
        var order = Comparer<JsonObject>.Create(PodState.CompareForDeletion);
        var remove = new List<JsonObject>();
        var keep = new List<JsonObject>();
        foreach (var group in active.GroupBy(p => IndexOf(p, completions)))
        {
            var pods = group.Order(order).ToList();
            if (group.Key is null)
            {
                remove.AddRange(pods);
                continue;
            }
            remove.AddRange(pods.Take(pods.Count - 1));
            keep.Add(pods[^1]);
        }
        if (keep.Count > wanted) remove.AddRange(keep.Order(order).Take((int)(keep.Count - wanted)));
        return remove;
    }
}
