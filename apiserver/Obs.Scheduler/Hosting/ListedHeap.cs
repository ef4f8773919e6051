using System.Runtime;

namespace Obs.Scheduler.Hosting;

/// <summary>
/// Gives back the memory the informers' first LIST used, once they hold the cluster and before the first pod is
/// scheduled. Listing 50,000 pods parses them page by page (1 MB pages of JSON, each a tree read into a small record),
/// and what that leaves freed behind (the pages' large buffers on the large-object heap, the trees promoted to gen2
/// while the pages came) stays committed: the GC neither compacts the large-object heap nor returns emptied regions
/// without being asked, and nothing else asks it for the rest of the process's life. One compacting collection that
/// also decommits (<see cref="GCCollectionMode.Aggressive"/>) costs a pause once, at start, where a restarted
/// kube-scheduler also pauses to list.
/// </summary>
internal static class ListedHeap
{
    public static void Compact()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
