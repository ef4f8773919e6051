using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's textfile collector: the metrics of every <c>*.prom</c> file in the directories of
/// <c>--collector.textfile.directory</c> (repeatable; a <c>*</c> or <c>?</c> in the last path component matches
/// several directories), merged as one exposition, plus <c>node_textfile_mtime_seconds{file}</c> for each file read
/// and <c>node_textfile_scrape_error</c>. A file that cannot be read or parsed, or that has timestamps, is left out
/// whole and sets the error to 1; so does a family that disagrees with the same family of an earlier file (type or
/// help) and a series another file already gave. The scrape itself never fails for a file's sake.
/// </summary>
/// <remarks>
/// A file is parsed again only when its size or modification time changes, so a scrape costs a directory listing
/// and a stat per file. Summaries, which Obs' writer does not type, are written as untyped families (the quantile
/// series, <c>_sum</c> and <c>_count</c>) with the same series; counters not named <c>…_total</c> are written
/// untyped, since the writer (and OpenMetrics) needs the suffix on a counter. A family one file explains with
/// <c># HELP</c> and another gives without takes the first help for both; node_exporter's registry drops the second
/// file's series there, as their help ("Metric read from …") differs.
/// </remarks>
public sealed class TextfileCollector(IReadOnlyList<string> directories) : IMetricsCollector
{
    private const string MtimeName = "node_textfile_mtime_seconds";
    private const string ErrorName = "node_textfile_scrape_error";
    private const string ErrorHelp = "1 if there was an error opening or reading a file, 0 otherwise";

    private Dictionary<string, Cached> cache = new(StringComparer.Ordinal);

    /// <summary>Told about each file or family left out: the path or family name and why.</summary>
    public Action<string, string>? Error { get; set; }

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (directories.Count == 0)
        {
            // node_exporter's default: nothing to read, and nothing allocated for it on every scrape.
            writer.WriteHeader(ErrorName, MetricFamilyType.Gauge, ErrorHelp);
            writer.WriteSample(ErrorName, 0L);
            return;
        }
        var errored = false;
        var files = new List<(string Path, IReadOnlyList<TextfileFamily> Families)>();
        var mtimes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var seen = new Dictionary<string, Cached>(StringComparer.Ordinal);
        foreach (var directory in Directories())
        {
            string[] paths;
            try
            {
                paths = Directory.GetFiles(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Error?.Invoke(directory, e.Message);
                errored = true;
                continue;
            }
            Array.Sort(paths, StringComparer.Ordinal);
            foreach (var path in paths)
            {
                if (!path.EndsWith(".prom", StringComparison.Ordinal))
                {
                    continue;
                }
                var file = Load(path);
                seen[path] = file;
                if (file.Families is null)
                {
                    Error?.Invoke(path, file.Problem!);
                    errored = true;
                    continue;
                }
                files.Add((path, file.Families));
                mtimes[path] = new DateTimeOffset(file.Mtime, TimeSpan.Zero).ToUnixTimeSeconds();
            }
        }
        // Files that went away are forgotten.
        cache = seen;

        errored |= !Write(files, writer, Error);
        if (mtimes.Count > 0)
        {
            writer.WriteHeader(MtimeName, MetricFamilyType.Gauge, "Unixtime mtime of textfiles successfully read.");
            foreach (var (path, mtime) in mtimes)
            {
                writer.BeginSample(MtimeName).Label("file", path).Value(mtime);
            }
        }
        writer.WriteHeader(ErrorName, MetricFamilyType.Gauge, ErrorHelp);
        writer.WriteSample(ErrorName, errored ? 1L : 0L);
    }

    /// <summary>
    /// Merges the families of <paramref name="files"/> (path and families, in the order read) and writes them sorted by
    /// name; false when something had to be left out. Families without help get node_exporter's "Metric read from …".
    /// </summary>
    public static bool Write(IReadOnlyList<(string Path, IReadOnlyList<TextfileFamily> Families)> files, MetricsWriter writer, Action<string, string>? error = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(writer);
        var clean = true;
        void Reject(string name, string why)
        {
            clean = false;
            error?.Invoke(name, why);
        }

        var merged = new SortedDictionary<string, TextfileMerge>(StringComparer.Ordinal);
        foreach (var (path, families) in files)
        {
            foreach (var family in families)
            {
                if (family.Name is MtimeName or ErrorName)
                {
                    Reject(family.Name, $"{path} may not write the textfile collector's own family");
                }
                else if (!merged.TryGetValue(family.Name, out var merge))
                {
                    merged.Add(family.Name, new TextfileMerge(family, path));
                }
                else if (merge.Add(family, path) is { } why)
                {
                    Reject(family.Name, why);
                }
            }
        }

        // Our own families are written after these; a summary's _sum and _count take names of their own.
        var written = new HashSet<string>(StringComparer.Ordinal) { MtimeName, ErrorName };
        foreach (var merge in merged.Values)
        {
            foreach (var why in merge.Write(writer, written))
            {
                Reject(merge.Name, why);
            }
        }
        return clean;
    }

    private IEnumerable<string> Directories()
    {
        foreach (var directory in directories)
        {
            if (string.IsNullOrEmpty(directory))
            {
                continue;
            }
            var name = Path.GetFileName(directory.TrimEnd('/'));
            var parent = Path.GetDirectoryName(directory.TrimEnd('/'));
            if (name.AsSpan().IndexOfAny('*', '?') >= 0 && parent is not null && Directory.Exists(parent))
            {
                var matches = Directory.GetDirectories(parent, name);
                if (matches.Length > 0)
                {
                    Array.Sort(matches, StringComparer.Ordinal);
                    foreach (var match in matches)
                    {
                        yield return match;
                    }
                    continue;
                }
            }
            yield return directory;
        }
    }

    private Cached Load(string path)
    {
        var info = new FileInfo(path);
        DateTime mtime;
        long length;
        try
        {
            mtime = info.LastWriteTimeUtc;
            length = info.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Cached(default, -1, null, e.Message);
        }
        if (cache.TryGetValue(path, out var cached) && cached.Mtime == mtime && cached.Length == length)
        {
            return cached;
        }
        try
        {
            return new Cached(mtime, length, TextfileParser.Parse(File.ReadAllText(path)), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return new Cached(mtime, length, null, e.Message);
        }
    }

    private sealed record Cached(DateTime Mtime, long Length, IReadOnlyList<TextfileFamily>? Families, string? Problem);
}
