namespace Obs.Exporter.Collectors;

/// <summary>
/// When a collector lists its devices again (XFS filesystems, hwmon chips, btrfs filesystems): at the first scrape,
/// then once a minute, so that a scrape does not pay for a directory listing and a device added meanwhile shows up
/// within the minute.
/// </summary>
internal struct Relisting
{
    private long next;

    /// <summary>True when the listing is due; the next one is then a minute away.</summary>
    public bool Due()
    {
        var now = Environment.TickCount64;
        if (now < next)
        {
            return false;
        }
        next = now + 60_000;
        return true;
    }
}
