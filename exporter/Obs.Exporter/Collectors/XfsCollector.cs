using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>xfs</c> collector: per mounted XFS filesystem, the counters of
/// /sys/fs/xfs/&lt;device&gt;/stats/stats as <c>node_xfs_*_total{device}</c>. The field order follows Prometheus'
/// procfs parser, so values agree with node_exporter's (its <c>rw</c> line is taken as read, then write calls).
/// A node without XFS has no such directories and reports nothing. The device directories are listed again once a
/// minute, not on every scrape: a filesystem mounted meanwhile shows up within that minute.
/// </summary>
public sealed class XfsCollector : IMetricsCollector
{
    /// <summary>The stats line, the field's position on it, and the family it feeds.</summary>
    private static readonly (string Line, int Field, string Name, string Help)[] Families =
    [
        ("extent_alloc", 0, "node_xfs_extent_allocation_extents_allocated_total", "Number of extents allocated for a filesystem."),
        ("extent_alloc", 1, "node_xfs_extent_allocation_blocks_allocated_total", "Number of blocks allocated for a filesystem."),
        ("extent_alloc", 2, "node_xfs_extent_allocation_extents_freed_total", "Number of extents freed for a filesystem."),
        ("extent_alloc", 3, "node_xfs_extent_allocation_blocks_freed_total", "Number of blocks freed for a filesystem."),
        ("abt", 0, "node_xfs_allocation_btree_lookups_total", "Number of allocation B-tree lookups for a filesystem."),
        ("abt", 1, "node_xfs_allocation_btree_compares_total", "Number of allocation B-tree compares for a filesystem."),
        ("abt", 2, "node_xfs_allocation_btree_records_inserted_total", "Number of allocation B-tree records inserted for a filesystem."),
        ("abt", 3, "node_xfs_allocation_btree_records_deleted_total", "Number of allocation B-tree records deleted for a filesystem."),
        ("blk_map", 0, "node_xfs_block_mapping_reads_total", "Number of block map for read operations for a filesystem."),
        ("blk_map", 1, "node_xfs_block_mapping_writes_total", "Number of block map for write operations for a filesystem."),
        ("blk_map", 2, "node_xfs_block_mapping_unmaps_total", "Number of block unmaps (deletes) for a filesystem."),
        ("blk_map", 3, "node_xfs_block_mapping_extent_list_insertions_total", "Number of extent list insertions for a filesystem."),
        ("blk_map", 4, "node_xfs_block_mapping_extent_list_deletions_total", "Number of extent list deletions for a filesystem."),
        ("blk_map", 5, "node_xfs_block_mapping_extent_list_lookups_total", "Number of extent list lookups for a filesystem."),
        ("blk_map", 6, "node_xfs_block_mapping_extent_list_compares_total", "Number of extent list compares for a filesystem."),
        ("bmbt", 0, "node_xfs_block_map_btree_lookups_total", "Number of block map B-tree lookups for a filesystem."),
        ("bmbt", 1, "node_xfs_block_map_btree_compares_total", "Number of block map B-tree compares for a filesystem."),
        ("bmbt", 2, "node_xfs_block_map_btree_records_inserted_total", "Number of block map B-tree records inserted for a filesystem."),
        ("bmbt", 3, "node_xfs_block_map_btree_records_deleted_total", "Number of block map B-tree records deleted for a filesystem."),
        ("dir", 0, "node_xfs_directory_operation_lookup_total", "Number of file name directory lookups which miss the operating systems directory name lookup cache."),
        ("dir", 1, "node_xfs_directory_operation_create_total", "Number of times a new directory entry was created for a filesystem."),
        ("dir", 2, "node_xfs_directory_operation_remove_total", "Number of times an existing directory entry was created for a filesystem."),
        ("dir", 3, "node_xfs_directory_operation_getdents_total", "Number of times the directory getdents operation was performed for a filesystem."),
        ("rw", 0, "node_xfs_read_calls_total", "Number of read(2) system calls made to files in a filesystem."),
        ("rw", 1, "node_xfs_write_calls_total", "Number of write(2) system calls made to files in a filesystem."),
        ("vnodes", 0, "node_xfs_vnode_active_total", "Number of vnodes not on free lists for a filesystem."),
        ("vnodes", 1, "node_xfs_vnode_allocate_total", "Number of times vn_alloc called for a filesystem."),
        ("vnodes", 2, "node_xfs_vnode_get_total", "Number of times vn_get called for a filesystem."),
        ("vnodes", 3, "node_xfs_vnode_hold_total", "Number of times vn_hold called for a filesystem."),
        ("vnodes", 4, "node_xfs_vnode_release_total", "Number of times vn_rele called for a filesystem."),
        ("vnodes", 5, "node_xfs_vnode_reclaim_total", "Number of times vn_reclaim called for a filesystem."),
        ("vnodes", 6, "node_xfs_vnode_remove_total", "Number of times vn_remove called for a filesystem."),
    ];

    private static readonly byte[][] FamilyLines = Array.ConvertAll(Families, family => System.Text.Encoding.ASCII.GetBytes(family.Line));
    // Encoded once: 32 headers escaped and encoded on every scrape were most of its cost.
    private static readonly MetricHeader[] Headers = Array.ConvertAll(Families, family => new MetricHeader(family.Name, MetricFamilyType.Counter, family.Help));

    private readonly string directory;
    // The open stats files by path, so a listing keeps the handles of filesystems still mounted.
    private readonly Dictionary<string, ProcFile> files = new(StringComparer.Ordinal);
    private (string Device, ProcFile File)[] devices = [];
    private Relisting relisting;
    // Per device read this scrape, a row of the families' values; kept between scrapes.
    private double[] values = new double[4 * Families.Length];
    private int[] read = new int[4];

    public XfsCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        directory = paths.SysFile("fs/xfs");
    }

    public void Collect(MetricsWriter writer)
    {
        if (relisting.Due())
        {
            List();
        }
        var count = 0;
        for (var i = 0; i < devices.Length; i++)
        {
            if (!devices[i].File.TryRead(out var text))
            {
                continue;
            }
            if (values.Length < (count + 1) * Families.Length)
            {
                Array.Resize(ref values, values.Length * 2);
                Array.Resize(ref read, read.Length * 2);
            }
            Parse(text, values.AsSpan(count * Families.Length, Families.Length));
            read[count++] = i;
        }
        Write(writer, count);
    }

    /// <summary>Fills <paramref name="row"/> (one value per family) from a stats file; lines the kernel lacks leave zeros.</summary>
    public static void Parse(ReadOnlySpan<byte> text, Span<double> row)
    {
        row.Clear();
        Span<ulong> fields = stackalloc ulong[8];
        while (ProcText.NextLine(ref text, out var line))
        {
            var key = ProcText.NextField(ref line);
            var count = 0;
            while (count < fields.Length && ProcText.NextField(ref line) is { IsEmpty: false } field)
            {
                fields[count++] = ProcText.ParseUInt64(field);
            }
            for (var f = 0; f < Families.Length; f++)
            {
                var position = Families[f].Field;
                if (position < count && key.SequenceEqual(FamilyLines[f]))
                {
                    row[f] = fields[position];
                }
            }
        }
    }

    private void Write(MetricsWriter writer, int count)
    {
        if (count == 0)
        {
            return;
        }
        for (var f = 0; f < Families.Length; f++)
        {
            var name = Families[f].Name;
            writer.WriteHeader(Headers[f]);
            for (var d = 0; d < count; d++)
            {
                writer.BeginSample(name).Label("device", devices[read[d]].Device).Value(values[d * Families.Length + f]);
            }
        }
    }

    /// <summary>The filesystems' stats files: /sys/fs/xfs/&lt;device&gt;/stats/stats; the top-level stats directory is the global one.</summary>
    private void List()
    {
        if (!Directory.Exists(directory))
        {
            devices = [];
            return;
        }
        devices = Directory.GetDirectories(directory)
            .Select(path => (Device: Path.GetFileName(path), File: Path.Join(path, "stats", "stats")))
            .Where(entry => File.Exists(entry.File))
            .OrderBy(entry => entry.Device, StringComparer.Ordinal)
            .Select(entry => (entry.Device, files.TryGetValue(entry.File, out var file) ? file : new ProcFile(entry.File, 4096)))
            .ToArray();
        // Unmounted filesystems' files are let go.
        foreach (var file in files.Values.Except(devices.Select(device => device.File)))
        {
            file.Close();
        }
        files.Clear();
        foreach (var (_, file) in devices)
        {
            files[file.Path] = file;
        }
    }
}
