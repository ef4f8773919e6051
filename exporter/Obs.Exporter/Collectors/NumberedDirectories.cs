using System.Globalization;

namespace Obs.Exporter.Collectors;

/// <summary>The <c>prefixN</c> entries of a sysfs directory (<c>mc0</c>, <c>thermal_zone3</c>…), as sysfs numbers its devices.</summary>
internal static class NumberedDirectories
{
    /// <summary>Entries named prefix plus digits, in numeric order, with their number; none when the directory is missing.</summary>
    /// <remarks>Entries rather than directories: /sys/class keeps its devices as symbolic links.</remarks>
    public static IEnumerable<(string Number, string Path)> Find(string directory, string prefix) =>
        Directory.Exists(directory)
            ? Directory.GetFileSystemEntries(directory, prefix + "*")
                .Select(path => (Number: Path.GetFileName(path)[prefix.Length..], Path: path))
                .Where(entry => entry.Number.Length > 0 && entry.Number.All(char.IsAsciiDigit))
                .OrderBy(entry => long.Parse(entry.Number, CultureInfo.InvariantCulture))
            : [];
}
