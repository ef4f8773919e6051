using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.CustomResources;

/// <summary>
/// Which definitions get their names, as apiextensions-apiserver's naming controller decides: within a group,
/// a plural, singular, short name, kind or list kind already taken (by a compiled-in resource or by a definition
/// created earlier) is a conflict, and the later definition's names are not accepted. Every apiserver decides the
/// same from the same definitions, so replicas agree without talking.
/// </summary>
public static class NameAcceptance
{
    /// <summary>A definition's verdict: null when its names are accepted, else the reason and message of the conflict.</summary>
    public sealed record Conflict(string Reason, string Message);

    public static Dictionary<string, Conflict?> Decide(IReadOnlyList<JsonObject> definitions)
    {
        var taken = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Taken(string group, string what)
        {
            var key = group + "\n" + what;
            if (!taken.TryGetValue(key, out var set)) taken[key] = set = new HashSet<string>(StringComparer.Ordinal);
            return set;
        }
        foreach (var type in ResourceTypes.Served)
        {
            Taken(type.Group, "resource").UnionWith([type.Plural, type.Singular, .. type.ShortNames]);
            Taken(type.Group, "kind").UnionWith([type.Kind, type.ListKind]);
        }
        var verdicts = new Dictionary<string, Conflict?>(StringComparer.Ordinal);
        var ordered = definitions
            .OrderBy(d => d.StringAt("metadata", "creationTimestamp") ?? "", StringComparer.Ordinal)
            .ThenBy(d => d.StringAt("metadata", "name") ?? "", StringComparer.Ordinal);
        foreach (var crd in ordered)
        {
            var name = crd.StringAt("metadata", "name") ?? "";
            var group = crd.StringAt("spec", "group") ?? "";
            var names = crd.At("spec", "names");
            var plural = names.StringAt("plural") ?? "";
            var kind = names.StringAt("kind") ?? "";
            var singular = names.StringAt("singular") is { Length: > 0 } s ? s : kind.ToLowerInvariant();
            var listKind = names.StringAt("listKind") is { Length: > 0 } l ? l : kind + "List";
            var shortNames = names?["shortNames"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [];
            var resources = Taken(group, "resource");
            var kinds = Taken(group, "kind");
            Conflict? conflict =
                resources.Contains(plural) ? new("PluralConflict", $"\"{plural}\" is already in use") :
                resources.Contains(singular) ? new("SingularConflict", $"\"{singular}\" is already in use") :
                shortNames.FirstOrDefault(resources.Contains) is { } shortName ? new("ShortNamesConflict", $"\"{shortName}\" is already in use") :
                kinds.Contains(kind) ? new("KindConflict", $"\"{kind}\" is already in use") :
                kinds.Contains(listKind) ? new("ListKindConflict", $"\"{listKind}\" is already in use") :
                null;
            verdicts[name] = conflict;
            if (conflict is not null) continue;
            resources.UnionWith([plural, singular, .. shortNames]);
            kinds.UnionWith([kind, listKind]);
        }
        return verdicts;
    }
}
