using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Jobs;

/// <summary>
/// <c>status.uncountedTerminatedPods</c>: the pods that ended and are recorded by uid but not yet
/// in <c>status.succeeded</c> and <c>status.failed</c>. Kubernetes counts a pod in three steps, so
/// a controller stopped between any two neither loses nor repeats a count: its uid goes here
/// (written), its tracking finalizer is lifted, and only then does it move into the counter.
/// </summary>
internal sealed class UncountedPods
{
    private UncountedPods(HashSet<string> succeeded, HashSet<string> failed)
    {
        Succeeded = succeeded;
        Failed = failed;
    }

    public HashSet<string> Succeeded { get; }

    public HashSet<string> Failed { get; }

    public bool IsEmpty => Count == 0;

    public int Count => Succeeded.Count + Failed.Count;

    public static UncountedPods Of(JsonNode? status) => new(Uids(status, "succeeded"), Uids(status, "failed"));

    private static HashSet<string> Uids(JsonNode? status, string field) =>
        (status.At("uncountedTerminatedPods", field) as JsonArray ?? []).Select(u => u?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public bool Contains(string uid) => Succeeded.Contains(uid) || Failed.Contains(uid);

    /// <summary>
    /// Step 3: the uids whose pods no longer hold the finalizer (lifted, or the pod is gone) move
    /// into <c>status.succeeded</c> and <c>status.failed</c>; the rest stay recorded here.
    /// </summary>
    public void Settle(JsonObject status, IReadOnlySet<string> stillHeld)
    {
        Move(status, "succeeded", Succeeded, stillHeld);
        Move(status, "failed", Failed, stillHeld);
        WriteTo(status);
    }

    private static void Move(JsonObject status, string counter, HashSet<string> uids, IReadOnlySet<string> stillHeld)
    {
        var settled = uids.RemoveWhere(uid => !stillHeld.Contains(uid));
        if (settled == 0) return;
        status[counter] = (status.LongAt(counter) ?? 0) + settled;
    }

    /// <summary>Writes both lists (sorted, so an unchanged set writes the same status); an empty object once all are counted, as the job controller leaves it.</summary>
    public void WriteTo(JsonObject status)
    {
        var field = new JsonObject();
        if (Succeeded.Count > 0) field["succeeded"] = new JsonArray(Succeeded.Order(StringComparer.Ordinal).Select(u => (JsonNode)u).ToArray());
        if (Failed.Count > 0) field["failed"] = new JsonArray(Failed.Order(StringComparer.Ordinal).Select(u => (JsonNode)u).ToArray());
        status["uncountedTerminatedPods"] = field;
    }
}
