namespace Obs.Exporter.Collectors;

/// <summary>
/// How a <see cref="ProcFile"/> knows it has read the whole file without the read that returns 0, where the kind
/// of file allows: that read costs a system call, and on some /proc files the kernel's whole walk again.
/// </summary>
internal enum FileEnd
{
    /// <summary>A read returns 0: the rule for any file.</summary>
    ZeroRead,

    /// <summary>
    /// A seq_file of short records (/proc/net/udp): the kernel fills each read from a one-page buffer, so a read
    /// that returns less than asked and less than a page minus the longest record (256 bytes) found the last record.
    /// Also every single_open file (/proc/meminfo, loadavg, stat, net/snmp, pressure/*), whose one record is the
    /// whole text. Not for files whose records can be longer (mountinfo lines with overlay options, diskstats and
    /// net/dev lines of large counters): a read that stops before such a record would look like the end.
    /// </summary>
    ShortSeqFileRead,

    /// <summary>
    /// A sysfs attribute (the kernel writes its one value whole, within a page) or a regular file: a read that
    /// returns less than asked reached the end.
    /// </summary>
    ShortRead,
}
