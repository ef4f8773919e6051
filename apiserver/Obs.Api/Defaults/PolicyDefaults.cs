using System.Text.Json.Nodes;
using Obs.Api.Admission;

namespace Obs.Api.Defaults;

/// <summary>Defaults of the policy kinds: PriorityClass.</summary>
internal static class PolicyDefaults
{
    public static void PriorityClass(JsonObject obj) => DefaultFields.Pointer(obj, "preemptionPolicy", PodPriority.PreemptLowerPriority);
}
