using System.Runtime.InteropServices;
using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// What was rendered from each object of one resource, kept under the object's version
/// (<see cref="ClusterObject.Version"/>): a scrape renders (and so parses) only the objects that are new or
/// changed since the previous scrape, and lets go of the ones that are gone.
/// </summary>
internal sealed class RenderedVersions<T>(Func<JsonElement, T> render)
{
    private readonly Dictionary<object, (T Rendered, int Scrape)> byVersion = new(ReferenceEqualityComparer.Instance);
    private int scrape;

    /// <summary>Fills <paramref name="rendered"/> with what each of this scrape's objects renders to, in the source's order.</summary>
    public void Refresh(List<ClusterObject> source, List<T> rendered)
    {
        scrape++;
        rendered.Clear();
        foreach (var obj in source)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(byVersion, obj.Version, out var seen);
            if (!seen)
            {
                try
                {
                    entry.Rendered = obj.Read(render);
                }
                catch
                {
                    byVersion.Remove(obj.Version);
                    throw;
                }
            }
            entry.Scrape = scrape;
            rendered.Add(entry.Rendered);
        }
        // Objects deleted or replaced since the last scrape are let go here.
        if (byVersion.Count > rendered.Count)
        {
            foreach (var (version, entry) in byVersion)
            {
                if (entry.Scrape != scrape)
                {
                    byVersion.Remove(version);
                }
            }
        }
    }
}
