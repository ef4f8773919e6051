namespace Obs.Cli.Cluster;

/// <summary>
/// Which local cluster holds which service range, machine-wide: one file per range naming the home that holds it.
/// A cluster that is down serves nothing, so asking the network (is its DNS address answered?) misses it; without a
/// claim a second checkout's <c>obs up</c> would take its range, and the two would answer each other's pods once both
/// run. A claim whose home no longer records that range (deleted, or given another) is stale and taken over.
/// A registry that cannot be read or written claims nothing: the network check alone decides, as before.
/// </summary>
public sealed class ServiceRangeClaims(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>
    /// <c>OBS_SERVICE_RANGE_CLAIMS</c> when set; else <c>/var/lib/obs/service-ranges</c> for root (who runs clusters
    /// with cgroups) and <c>~/.local/state/obs/service-ranges</c> for anyone else.
    /// </summary>
    public static ServiceRangeClaims ForMachine()
    {
        if (Environment.GetEnvironmentVariable("OBS_SERVICE_RANGE_CLAIMS") is { Length: > 0 } configured) return new(configured);
        var state = Environment.UserName == "root" ? "/var/lib/obs"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "obs");
        return new(Path.Combine(state, "service-ranges"));
    }

    /// <summary>Whether a home other than <paramref name="home"/> holds <paramref name="cidr"/>.</summary>
    public bool HeldByAnother(string cidr, ClusterHome home) =>
        Holder(cidr) is { } holder && holder != home.Root && Records(holder, cidr);

    /// <summary>Claims <paramref name="cidr"/> for <paramref name="home"/>; false when another live home holds it.</summary>
    public bool TryClaim(string cidr, ClusterHome home)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var file = FileOf(cidr);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (Holder(cidr) is { } holder)
                {
                    if (holder == home.Root) return true;
                    if (Records(holder, cidr)) return false;
                    File.Delete(file);
                }
                try
                {
                    // CreateNew: of two clusters starting at once, one gets the range and the other looks again.
                    using var claim = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                    claim.Write(System.Text.Encoding.UTF8.GetBytes(home.Root + "\n"));
                    return true;
                }
                catch (IOException) when (File.Exists(file))
                {
                }
            }
            return Holder(cidr) == home.Root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private string FileOf(string cidr) => Path.Combine(Directory, cidr.Replace('/', '-'));

    private string? Holder(string cidr)
    {
        try
        {
            return File.Exists(FileOf(cidr)) ? File.ReadAllText(FileOf(cidr)).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the home at <paramref name="root"/> still records <paramref name="cidr"/> as its range.</summary>
    private static bool Records(string root, string cidr)
    {
        var file = ClusterServiceRange.RecordIn(new ClusterHome(root));
        try
        {
            return File.Exists(file) && File.ReadAllText(file).Trim() == cidr;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
