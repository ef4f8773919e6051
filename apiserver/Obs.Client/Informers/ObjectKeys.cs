using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Client.Informers;

/// <summary>The keys of informer stores and work queues: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
public static class ObjectKeys
{
    public static string KeyOf(JsonNode obj)
    {
        var name = ObjectMeta.Name(obj) ?? throw new ArgumentException("the object has no metadata.name", nameof(obj));
        return Key(ObjectMeta.Namespace(obj), name);
    }

    public static string Key(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name;

    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
