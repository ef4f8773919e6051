namespace Obs.Exporter.Collectors;

/// <summary>What statfs says about one mounted filesystem, in bytes and inodes.</summary>
public readonly record struct FilesystemUsage(double SizeBytes, double FreeBytes, double AvailableBytes, double Files, double FilesFree);
