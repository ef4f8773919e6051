using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>os</c> collector: <c>node_os_info</c> with the os-release(5) fields as labels,
/// <c>node_os_version</c> (VERSION_ID's major.minor) and, when the file has SUPPORT_END,
/// <c>node_os_support_end_timestamp_seconds</c>. Reads /etc/os-release, else /usr/lib/os-release, under
/// <c>--path.rootfs</c>; a node without either reports nothing. The file is parsed again only when its
/// modification time changes, and that is looked at once a minute (node_exporter: every scrape): the file changes
/// with an upgrade, and the stat of a symbolic link and its target cost 10–20 µs of a scrape on a test machine.
/// </summary>
public sealed class OsCollector : IMetricsCollector
{
    private const string InfoName = "node_os_info";
    private const string VersionName = "node_os_version";
    private const string SupportEndName = "node_os_support_end_timestamp_seconds";

    private readonly string[] files;
    private readonly long recheckMilliseconds;
    private long nextCheck;
    private string? cachedFile;
    private DateTime cachedTime;
    // The last file parsed, kept while its modification time stays; and what the last look found (null: no file).
    private OsRelease? parsed;
    private OsRelease? release;

    /// <param name="paths">Where the node's root is.</param>
    /// <param name="recheck">How long a read file is trusted before its modification time is looked at again; a minute unless given.</param>
    public OsCollector(NodePaths paths, TimeSpan? recheck = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        files = [paths.RootFile("/etc/os-release"), paths.RootFile("/usr/lib/os-release")];
        recheckMilliseconds = (long)(recheck ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;
    }

    public void Collect(MetricsWriter writer)
    {
        if (Environment.TickCount64 < nextCheck)
        {
            if (release is not null)
            {
                Write(release, writer);
            }
            return;
        }
        nextCheck = Environment.TickCount64 + recheckMilliseconds;
        release = null;
        foreach (var file in files)
        {
            // A missing file reads as the year 1601, without an exception.
            var time = File.GetLastWriteTimeUtc(file);
            if (time.Year <= 1601 && !File.Exists(file))
            {
                continue;
            }
            if (parsed is null || file != cachedFile || time != cachedTime)
            {
                parsed = OsRelease.Parse(File.ReadAllText(file));
                cachedFile = file;
                cachedTime = time;
            }
            release = parsed;
            Write(release, writer);
            return;
        }
    }

    public static void Write(OsRelease release, MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteHeader(InfoName, MetricFamilyType.Gauge,
            "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.");
        writer.BeginSample(InfoName)
            .Label("build_id", release.BuildId)
            .Label("id", release.Id)
            .Label("id_like", release.IdLike)
            .Label("image_id", release.ImageId)
            .Label("image_version", release.ImageVersion)
            .Label("name", release.Name)
            .Label("pretty_name", release.PrettyName)
            .Label("variant", release.Variant)
            .Label("variant_id", release.VariantId)
            .Label("version", release.Version)
            .Label("version_codename", release.VersionCodename)
            .Label("version_id", release.VersionId)
            .Value(1.0);
        var version = release.MajorMinor;
        if (version > 0)
        {
            writer.WriteHeader(VersionName, MetricFamilyType.Gauge, "Metric containing the major.minor part of the OS version.");
            writer.BeginSample(VersionName).Label("id", release.Id).Label("id_like", release.IdLike).Label("name", release.Name).Value(version);
        }
        if (release.SupportEndUnixSeconds is { } supportEnd)
        {
            writer.WriteHeader(SupportEndName, MetricFamilyType.Gauge, "Metric containing the end-of-life date timestamp of the OS.");
            writer.WriteSample(SupportEndName, supportEnd);
        }
    }
}
