using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.CustomResources;

/// <summary>
/// The status a definition should show: its accepted names and the NamesAccepted, Established and
/// Terminating conditions, with the texts apiextensions-apiserver uses. A condition keeps its
/// lastTransitionTime while its status stays, so recomputing an unchanged definition changes nothing.
/// </summary>
public static class DefinitionConditions
{
    public static JsonObject Desired(JsonObject crd, NameAcceptance.Conflict? conflict, DateTimeOffset now)
    {
        var current = crd["status"] as JsonObject ?? [];
        var status = (JsonObject)current.DeepClone();
        var conditions = new List<JsonObject>();
        var old = (current["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        JsonObject Condition(string type, string value, string reason, string message)
        {
            var previous = old.FirstOrDefault(c => c.StringAt("type") == type);
            var since = previous is not null && previous.StringAt("status") == value ? previous["lastTransitionTime"]?.DeepClone() : Timestamps.Format(now);
            return new JsonObject { ["type"] = type, ["status"] = value, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message };
        }
        if (conflict is null)
        {
            var names = (JsonObject)(crd.At("spec", "names")?.DeepClone() ?? new JsonObject());
            status["acceptedNames"] = names;
            conditions.Add(Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found"));
            conditions.Add(Condition("Established", "True", "InitialNamesAccepted", "the initial names have been accepted"));
        }
        else
        {
            conditions.Add(Condition("NamesAccepted", "False", conflict.Reason, conflict.Message));
            conditions.Add(Condition("Established", "False", "NotAccepted", "not all names are accepted"));
        }
        if (ObjectMeta.DeletionTimestamp(crd) is not null)
            conditions.Add(Condition("Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress"));
        status["conditions"] = new JsonArray(conditions.Select(c => (JsonNode)c).ToArray());
        return status;
    }
}
