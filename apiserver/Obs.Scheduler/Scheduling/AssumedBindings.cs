using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Scheduling;

/// <summary>
/// Our own binding coming back through the pod informer, the update the scheduler sees once for
/// every pod it places. When the pod was assumed from exactly the stored version before this one
/// and this one is bound to the assumed node with nothing else the cache reads changed (labels,
/// deletion, phase), the assumed pod's parsed fields still hold: it is reused instead of the pod
/// being parsed again and both versions cloned to compare them.
/// </summary>
public static class AssumedBindings
{
    /// <summary>The confirmed pod, or null when <paramref name="newObj"/> is anything but the binding of <paramref name="assumed"/>.</summary>
    public static PodInfo? Confirm(PodInfo assumed, string node, JsonObject oldObj, JsonObject newObj)
    {
        // Another version came between: the assumed one may be stale.
        if (!ReferenceEquals(assumed.Pod, oldObj)) return null;
        // Read through a clone, so that the stored compact object stays unexpanded.
        var now = newObj.DeepClone().AsObject();
        if (now.StringAt("spec", "nodeName") != node || ObjectMeta.DeletionTimestamp(now) is not null) return null;
        if (now.StringAt("status", "phase") is "Succeeded" or "Failed") return null;
        var labels = 0;
        foreach (var (name, value) in ObjectMeta.Labels(now))
        {
            if (!assumed.Labels.TryGetValue(name, out var had) || had != value) return null;
            labels++;
        }
        if (labels != assumed.Labels.Count) return null;
        return assumed.Bound(newObj, node, ObjectMeta.ResourceVersion(now));
    }
}
