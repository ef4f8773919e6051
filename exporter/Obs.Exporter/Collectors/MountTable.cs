namespace Obs.Exporter.Collectors;

/// <summary>
/// The mount table node_exporter reads: /proc/1/mountinfo (the host's mounts when the exporter runs in a
/// mount namespace of its own), else this process's own where pid 1's is unreadable. Read whole into a
/// buffer kept for the next read (<see cref="ProcFile"/>).
/// </summary>
internal sealed class MountTable(NodePaths paths)
{
    private readonly ProcFile pidOne = new(paths.ProcFile("1/mountinfo"), 16 * 1024);
    private readonly ProcFile self = new(paths.ProcFile("self/mountinfo"), 16 * 1024);

    /// <summary>The mountinfo text; throws when neither table can be read.</summary>
    public ReadOnlySpan<byte> Read() => pidOne.TryRead(out var text) ? text : self.Read();
}
