using System.Runtime.CompilerServices;
using System.Text.Json;
using Obs.Exporter.ClusterState;

namespace Obs.Exporter.Tests.ClusterState;

/// <summary>
/// A cluster-state source over parsed JSON documents, as the watch cache holds them: <c>fixtures/&lt;resource&gt;.json</c>
/// files from the source tree, or objects a test builds.
/// </summary>
internal sealed class FixtureClusterState : IClusterStateSource
{
    private readonly Dictionary<string, JsonElement[]> objects = new(StringComparer.Ordinal);

    public static string Directory { get; } = Path.Combine(SourceDirectory(), "fixtures");

    public static FixtureClusterState FromFixtures()
    {
        var state = new FixtureClusterState();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(file));
            state.objects[Path.GetFileNameWithoutExtension(file)] = [.. document.RootElement.EnumerateArray()];
        }
        return state;
    }

    public FixtureClusterState With(string resource, JsonElement[] items)
    {
        objects[resource] = items;
        return this;
    }

    public void CopyTo(string resource, List<JsonElement> into)
    {
        if (objects.TryGetValue(resource, out var items))
        {
            into.AddRange(items);
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
