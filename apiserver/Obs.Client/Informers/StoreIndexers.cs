using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Client.Informers;

/// <summary>Index functions for <see cref="IndexedStore"/>: each maps an object to the index values it is found under.</summary>
public static class StoreIndexers
{
    /// <summary>The index every store has: objects by metadata.namespace.</summary>
    public const string Namespace = "namespace";

    /// <summary>Pods by the node they are bound to.</summary>
    public const string NodeName = "spec.nodeName";

    public static IEnumerable<string> ByNamespace(JsonObject obj) =>
        ObjectMeta.Namespace(obj) is { } ns ? [ns] : [];

    public static IEnumerable<string> ByNodeName(JsonObject obj) => ByField("spec", "nodeName")(obj);

    /// <summary>Objects by the string at a field path; objects without it are in no bucket.</summary>
    public static Func<JsonObject, IEnumerable<string>> ByField(params string[] path) =>
        obj => obj.StringAt(path) is { Length: > 0 } value ? [value] : [];

    /// <summary>Objects by each controller owner's uid (a ReplicaSet's pods, a Deployment's replica sets).</summary>
    public static IEnumerable<string> ByControllerUid(JsonObject obj)
    {
        if (obj.At("metadata", "ownerReferences") is not JsonArray owners) yield break;
        foreach (var owner in owners)
        {
            if (owner.BoolAt("controller") == true && owner.StringAt("uid") is { } uid) yield return uid;
        }
    }
}
