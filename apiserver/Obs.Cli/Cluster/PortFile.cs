using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// The port a background part of the local cluster was started on, kept beside its pid file: the preferred port may
/// have been taken, so a later up, status or down reads where it really listens.
/// </summary>
public static class PortFile
{
    public static int? Read(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    public static void Write(string file, int port)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, port.ToString(CultureInfo.InvariantCulture));
    }
}
