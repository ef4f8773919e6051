using System.Runtime.CompilerServices;
using System.Text.Json;
using Obs.Exporter.ClusterState;

namespace Obs.Exporter.Tests.ClusterState;

/// <summary>
/// A cluster-state source over parsed JSON documents, as the watch cache holds them: <c>fixtures/&lt;resource&gt;.json</c>
/// files from the source tree, or objects a test builds. Each object given is a new version, as a changed
/// object is a new entry in the watch cache; objects kept from one scrape to the next keep theirs.
/// </summary>
internal sealed class FixtureClusterState : IClusterStateSource
{
    private readonly Dictionary<string, ClusterObject[]> objects = new(StringComparer.Ordinal);

    public static string Directory { get; } = Path.Combine(SourceDirectory(), "fixtures");

    public static FixtureClusterState FromFixtures()
    {
        var state = new FixtureClusterState();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(file));
            state.With(Path.GetFileNameWithoutExtension(file), [.. document.RootElement.EnumerateArray()]);
        }
        return state;
    }

    public FixtureClusterState With(string resource, JsonElement[] items)
    {
        objects[resource] = Array.ConvertAll(items, item => new ClusterObject(new object(), item));
        return this;
    }

    /// <summary>Replaces the object at <paramref name="index"/> by a new version (a changed object); the others keep theirs.</summary>
    public FixtureClusterState Replace(string resource, int index, JsonElement item, bool sameVersion = false)
    {
        var items = objects[resource];
        items[index] = new ClusterObject(sameVersion ? items[index].Version : new object(), item);
        return this;
    }

    /// <summary>Keeps the objects of <paramref name="resource"/> at their versions, except those <paramref name="keep"/> refuses (deleted).</summary>
    public FixtureClusterState Without(string resource, Func<JsonElement, bool> keep)
    {
        objects[resource] = Array.FindAll(objects[resource], item => item.Read(keep));
        return this;
    }

    public void CopyTo(string resource, List<ClusterObject> into)
    {
        if (objects.TryGetValue(resource, out var items))
        {
            into.AddRange(items);
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
