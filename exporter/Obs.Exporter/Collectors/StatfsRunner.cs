namespace Obs.Exporter.Collectors;

/// <summary>
/// Runs a scrape's statfs calls on a worker thread, all handed over at once (one thread switch per scrape, not
/// per mount), and waits while the call in progress is younger than the mount timeout. A call that overruns
/// leaves its thread blocked in the kernel: that thread is given up, a fresh one carries on with the mounts
/// after it, and the mount counts as stuck, answered with <see cref="TimedOut"/> at once on later scrapes
/// until the blocked call finally returns. So a dead NFS server costs one timeout, never a hung scrape.
/// </summary>
internal sealed class StatfsRunner(StatfsCall call)
{
    /// <summary>Result of a call that overran its timeout, now or on an earlier scrape.</summary>
    public const int TimedOut = -1;

    private const int Pending = int.MinValue;

    private readonly StatfsCall call = call;
    private readonly Lock gate = new();
    private readonly List<byte[]> stuck = [];
    private Worker? worker;

    /// <summary>Mount paths whose call has not returned yet.</summary>
    public int StuckCount
    {
        get
        {
            lock (gate)
            {
                return stuck.Count;
            }
        }
    }

    /// <summary>Fills <paramref name="results"/> (0 or an errno or <see cref="TimedOut"/>) and <paramref name="usages"/> for the first <paramref name="count"/> paths.</summary>
    public void StatAll(byte[][] paths, int count, int[] results, FilesystemUsage[] usages, TimeSpan timeout)
    {
        var any = false;
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                results[i] = IsStuck(paths[i]) ? TimedOut : Pending;
                any |= results[i] == Pending;
            }
        }
        if (!any)
        {
            return;
        }

        var current = StartWorker(paths, count, results, usages, 0);
        while (true)
        {
            var wait = timeout - current.Elapsed;
            if (wait > TimeSpan.Zero && current.Done.Wait(wait))
            {
                return;
            }
            lock (gate)
            {
                if (current.Done.IsSet)
                {
                    return;
                }
                if (current.Elapsed < timeout || current.Index >= count)
                {
                    // Still within its time, or finished and about to say so.
                    continue;
                }
                // The call in progress overran: give its thread up and go on with the mounts after it.
                var index = current.Index;
                current.Abandoned = true;
                stuck.Add(paths[index]);
                results[index] = TimedOut;
                worker = null;
                if (index + 1 >= count)
                {
                    return;
                }
                current = StartWorker(paths, count, results, usages, index + 1);
            }
        }
    }

    private bool IsStuck(byte[] path)
    {
        foreach (var blocked in stuck)
        {
            if (blocked.AsSpan().SequenceEqual(path))
            {
                return true;
            }
        }
        return false;
    }

    private Worker StartWorker(byte[][] paths, int count, int[] results, FilesystemUsage[] usages, int from)
    {
        Worker current;
        lock (gate)
        {
            current = worker ??= new Worker(this);
        }
        current.Start(paths, count, results, usages, from);
        return current;
    }

    private sealed class Worker
    {
        private const long NotStarted = long.MinValue;

        private readonly StatfsRunner runner;
        private readonly ManualResetEventSlim request = new(false, spinCount: 1);
        private byte[][] paths = [];
        private int[] results = [];
        private FilesystemUsage[] usages = [];
        private int count;
        private long callStarted;

        public Worker(StatfsRunner runner)
        {
            this.runner = runner;
            new Thread(Loop) { IsBackground = true, Name = "statfs" }.Start();
        }

        public ManualResetEventSlim Done { get; } = new(false, spinCount: 1);

        /// <summary>The mount being asked about now.</summary>
        public int Index { get; private set; }

        /// <summary>
        /// How long the call in progress has taken so far; zero until the thread has taken the work up, so a thread
        /// the scheduler is slow to run (a loaded machine) is waited for and never blamed as a stuck mount.
        /// </summary>
        public TimeSpan Elapsed => Volatile.Read(ref callStarted) is var started and not NotStarted
            ? TimeSpan.FromMilliseconds(Environment.TickCount64 - started)
            : TimeSpan.Zero;

        /// <summary>Set under the runner's lock when the collector stopped waiting for this worker.</summary>
        public bool Abandoned { get; set; }

        public void Start(byte[][] mountPaths, int mountCount, int[] mountResults, FilesystemUsage[] mountUsages, int from)
        {
            (paths, count, results, usages, Index) = (mountPaths, mountCount, mountResults, mountUsages, from);
            Volatile.Write(ref callStarted, NotStarted);
            Done.Reset();
            request.Set();
        }

        // The index of the call in progress, its start time and the previous call's result change together under
        // the runner's lock, so the collector never blames a finished call for the time spent on it.
        private void Loop()
        {
            while (true)
            {
                request.Wait();
                request.Reset();
                lock (runner.gate)
                {
                    MoveTo(Index);
                }
                while (Index < count)
                {
                    var path = paths[Index];
                    int result;
                    FilesystemUsage usage;
                    try
                    {
                        result = runner.call(path, out usage);
                    }
                    catch (Exception)
                    {
                        // An unhandled exception here would end the process; count it as an I/O error (EIO).
                        (result, usage) = (5, default);
                    }
                    lock (runner.gate)
                    {
                        if (Abandoned)
                        {
                            runner.stuck.Remove(path);
                            return;
                        }
                        results[Index] = result;
                        usages[Index] = usage;
                        MoveTo(Index + 1);
                    }
                }
                Done.Set();
            }
        }

        private void MoveTo(int from)
        {
            var next = from;
            while (next < count && results[next] != Pending)
            {
                next++;
            }
            Index = next;
            Volatile.Write(ref callStarted, Environment.TickCount64);
        }
    }
}
