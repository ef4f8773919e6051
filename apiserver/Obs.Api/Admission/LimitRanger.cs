using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Quota;

namespace Obs.Api.Admission;

/// <summary>
/// Kubernetes' LimitRanger admission: a new pod's containers get the default requests and limits of their
/// namespace's LimitRanges (items of type Container), then the pod is checked against each range's
/// min, max and maxLimitRequestRatio, per container and for the pod as a whole (type Pod); a claim is
/// checked against the PersistentVolumeClaim items. Ranges are taken in turn, as Kubernetes takes them:
/// the first to default a value wins, and the first range the object breaks is the one reported.
/// </summary>
public static class LimitRanger
{
    public const string Annotation = "kubernetes.io/limit-ranger";

    private static readonly (string List, string Prefix)[] ContainerLists = [("initContainers", "init container"), ("containers", "container")];

    /// <summary>Defaults then checks a pod about to be created; returns why it is refused, or null.</summary>
    public static string? AdmitPod(JsonObject pod, IReadOnlyList<JsonObject> ranges)
    {
        if (ranges.Count == 0 || pod["spec"] is not JsonObject spec) return null;
        foreach (var range in ranges)
        {
            Default(pod, spec, range);
            var errors = CheckPod(spec, range);
            if (errors.Count > 0) return Aggregate(errors);
        }
        return null;
    }

    /// <summary>Checks a claim's storage request against the ranges; returns why it is refused, or null.</summary>
    public static string? AdmitClaim(JsonObject claim, IReadOnlyList<JsonObject> ranges)
    {
        var requests = claim.At("spec", "resources", "requests") as JsonObject;
        foreach (var range in ranges)
        {
            var errors = new List<string>();
            foreach (var item in Items(range, "PersistentVolumeClaim"))
            {
                foreach (var (name, min) in Quantities(item, "min")) Add(errors, Min("PersistentVolumeClaim", name, min, requests, null));
                foreach (var (name, max) in Quantities(item, "max")) Add(errors, MaxRequest("PersistentVolumeClaim", name, max, requests));
            }
            if (errors.Count > 0) return Aggregate(errors);
        }
        return null;
    }

    /// <summary>Kubernetes joins several errors as <c>[a, b]</c> and prints one alone.</summary>
    private static string Aggregate(List<string> errors) => errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";

    private static void Default(JsonObject pod, JsonObject spec, JsonObject range)
    {
        var limits = new List<(string Name, JsonNode Value)>();
        var requests = new List<(string Name, JsonNode Value)>();
        foreach (var item in Items(range, "Container"))
        {
            limits.AddRange(Raw(item, "default"));
            requests.AddRange(Raw(item, "defaultRequest"));
        }
        if (limits.Count == 0 && requests.Count == 0) return;
        var notes = new List<string>();
        foreach (var (list, prefix) in ContainerLists)
        {
            foreach (var container in DefaultFields.Items(spec, list))
            {
                var resources = container.Ensure("resources");
                var setRequests = Fill(resources, "requests", requests);
                var setLimits = Fill(resources, "limits", limits);
                var name = container.StringAt("name");
                if (setRequests.Count > 0) notes.Add($"{string.Join(", ", setRequests)} request for {prefix} {name}");
                if (setLimits.Count > 0) notes.Add($"{string.Join(", ", setLimits)} limit for {prefix} {name}");
            }
        }
        if (notes.Count == 0) return;
        pod.Ensure("metadata", "annotations")[Annotation] = "LimitRanger plugin set: " + string.Join("; ", notes);
        // The QoS class follows from the resources, which have just changed.
        if (pod["status"] is JsonObject status) status["qosClass"] = PodQosClass.Of(spec);
    }

    private static List<string> Fill(JsonObject resources, string field, List<(string Name, JsonNode Value)> defaults)
    {
        var set = new List<string>();
        if (defaults.Count == 0) return set;
        if (resources[field] is not JsonObject target)
        {
            target = [];
            resources[field] = target;
        }
        foreach (var (name, value) in defaults)
        {
            if (target.ContainsKey(name)) continue;
            target[name] = value.DeepClone();
            set.Add(name);
        }
        set.Sort(StringComparer.Ordinal);
        return set;
    }

    private static List<string> CheckPod(JsonObject spec, JsonObject range)
    {
        var errors = new List<string>();
        foreach (var item in Items(range, "Container"))
        {
            foreach (var list in new[] { "containers", "initContainers" })
            {
                foreach (var container in DefaultFields.Items(spec, list))
                {
                    var requests = container.At("resources", "requests") as JsonObject;
                    var limits = container.At("resources", "limits") as JsonObject;
                    Check(errors, item, "Container", ResourceList.Read(requests), ResourceList.Read(limits));
                }
            }
        }
        // The pod as a whole is what its containers ask for, sidecars and init containers counted as the
        // scheduler counts them, but without the pod's overhead (Kubernetes' LimitRanger adds none).
        foreach (var item in Items(range, "Pod"))
            Check(errors, item, "Pod", PodResources.ContainersTotal(spec, "requests"), PodResources.ContainersTotal(spec, "limits"));
        return errors;
    }

    private static void Check(List<string> errors, JsonObject item, string type, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        foreach (var (name, min) in Quantities(item, "min")) Add(errors, Min(type, name, min, requests, limits));
        foreach (var (name, max) in Quantities(item, "max")) Add(errors, Max(type, name, max, requests, limits));
        foreach (var (name, ratio) in Quantities(item, "maxLimitRequestRatio")) Add(errors, Ratio(type, name, ratio, requests, limits));
    }

    private static string? Min(string type, string name, Quantity min, IReadOnlyDictionary<string, Quantity>? requests, IReadOnlyDictionary<string, Quantity>? limits)
    {
        if (requests is null || !requests.TryGetValue(name, out var request)) return $"minimum {name} usage per {type} is {min}.  No request is specified";
        if (request < min) return $"minimum {name} usage per {type} is {min}, but request is {request}";
        if (limits is not null && limits.TryGetValue(name, out var limit) && limit < min) return $"minimum {name} usage per {type} is {min}, but limit is {limit}";
        return null;
    }

    private static string? Min(string type, string name, Quantity min, JsonObject? requests, JsonObject? limits) =>
        Min(type, name, min, ResourceList.Read(requests), limits is null ? null : ResourceList.Read(limits));

    private static string? Max(string type, string name, Quantity max, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        if (!limits.TryGetValue(name, out var limit)) return $"maximum {name} usage per {type} is {max}.  No limit is specified";
        if (limit > max) return $"maximum {name} usage per {type} is {max}, but limit is {limit}";
        if (requests.TryGetValue(name, out var request) && request > max) return $"maximum {name} usage per {type} is {max}, but request is {request}";
        return null;
    }

    private static string? MaxRequest(string type, string name, Quantity max, JsonObject? requests)
    {
        if (!ResourceList.Read(requests).TryGetValue(name, out var request)) return $"maximum {name} usage per {type} is {max}.  No request is specified";
        if (request > max) return $"maximum {name} usage per {type} is {max}, but request is {request}";
        return null;
    }

    private static string? Ratio(string type, string name, Quantity ratio, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        if (!requests.TryGetValue(name, out var request) || request.IsZero)
            return $"{name} max limit to request ratio per {type} is {ratio}, but no request is specified or request is 0";
        if (!limits.TryGetValue(name, out var limit) || limit.IsZero)
            return $"{name} max limit to request ratio per {type} is {ratio}, but no limit is specified or limit is 0";
        var observed = limit.ToDouble() / request.ToDouble();
        if (observed > ratio.ToDouble())
            return $"{name} max limit to request ratio per {type} is {ratio}, but provided ratio is {observed.ToString("F6", CultureInfo.InvariantCulture)}";
        return null;
    }

    private static void Add(List<string> errors, string? error)
    {
        if (error is not null) errors.Add(error);
    }

    private static IEnumerable<JsonObject> Items(JsonObject range, string type) =>
        (range.At("spec", "limits") as JsonArray ?? []).OfType<JsonObject>().Where(i => i.StringAt("type") == type);

    private static IEnumerable<(string Name, JsonNode Value)> Raw(JsonObject item, string field) =>
        (item[field] as JsonObject ?? []).Where(p => p.Value is not null).Select(p => (p.Key, p.Value!));

    private static IEnumerable<(string Name, Quantity Value)> Quantities(JsonObject item, string field) =>
        ResourceList.Read(item[field]).Select(p => (p.Key, p.Value));
}
