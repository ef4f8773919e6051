using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Runtime;

/// <summary>
/// A process and everything it started, named by PID and start time, so that a test can tell,
/// after a pod is gone, whether any of them still runs (and not a later process given a reused PID).
/// </summary>
internal static class ProcessTree
{
    public sealed record Member(int Pid, long? Start, string CommandLine)
    {
        public bool Runs => Start is { } start && ContainerRecords.SameProcessRuns(Pid, start);
    }

    public static List<Member> WithDescendants(int root)
    {
        var found = new List<Member>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            found.Add(new Member(pid, ContainerRecords.ProcessStartTicks(pid), CommandLine(pid)));
            foreach (var child in Children(pid)) pending.Enqueue(child);
        }
        return found;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try { tasks = Directory.GetDirectories($"/proc/{pid}/task"); }
        catch (IOException) { return []; }
        var children = new List<int>();
        foreach (var task in tasks)
        {
            try
            {
                foreach (var word in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(word, out var child)) children.Add(child);
            }
            catch (IOException) { }
        }
        return children;
    }

    private static string CommandLine(int pid)
    {
        try { return $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()}"; }
        catch (IOException) { return $"{pid}: (gone)"; }
    }
}
