namespace Obs.Exporter.Collectors;

/// <summary>
/// Runs statfs calls on a worker thread and waits for each no longer than the mount timeout. A call that
/// overruns leaves its thread blocked in the kernel: that thread is given up (a fresh one takes the next
/// mount), and its mount counts as stuck, answered with <see cref="TimedOut"/> at once on later scrapes,
/// until the blocked call finally returns and clears it. So a dead NFS server costs one timeout, not every scrape.
/// </summary>
internal sealed class StatfsRunner(StatfsCall call)
{
    /// <summary>Returned instead of an errno when the call overran its timeout, now or on an earlier scrape.</summary>
    public const int TimedOut = -1;

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

    public int Stat(byte[] path, TimeSpan timeout, out FilesystemUsage usage)
    {
        usage = default;
        Worker current;
        lock (gate)
        {
            foreach (var blocked in stuck)
            {
                if (blocked.AsSpan().SequenceEqual(path))
                {
                    return TimedOut;
                }
            }
            current = worker ??= new Worker(this);
        }

        current.Start(path);
        if (current.Done.Wait(timeout))
        {
            usage = current.Usage;
            return current.Result;
        }
        lock (gate)
        {
            if (current.Done.IsSet)
            {
                usage = current.Usage;
                return current.Result;
            }
            current.Abandoned = true;
            stuck.Add(path);
            worker = null;
            return TimedOut;
        }
    }

    private sealed class Worker
    {
        private readonly StatfsRunner runner;
        private readonly ManualResetEventSlim request = new(false);
        private byte[] path = [];

        public Worker(StatfsRunner runner)
        {
            this.runner = runner;
            new Thread(Loop) { IsBackground = true, Name = "statfs" }.Start();
        }

        public ManualResetEventSlim Done { get; } = new(false);

        public int Result { get; private set; }

        public FilesystemUsage Usage { get; private set; }

        /// <summary>Set under the runner's lock when the collector stopped waiting for this worker.</summary>
        public bool Abandoned { get; set; }

        public void Start(byte[] mountPath)
        {
            path = mountPath;
            Done.Reset();
            request.Set();
        }

        private void Loop()
        {
            while (true)
            {
                request.Wait();
                request.Reset();
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
                    Result = result;
                    Usage = usage;
                    Done.Set();
                }
            }
        }
    }
}
