namespace Obs.Exporter.Collectors;

/// <summary>
/// What a collector worked out once about a device (is it excluded, its udev labels), found again by the
/// device's name as bytes on later scrapes without building a string. Devices are few, so a list is enough.
/// </summary>
internal sealed class DeviceCache<T>(Func<ReadOnlySpan<byte>, T> create)
{
    private readonly List<(byte[] Name, T Value)> devices = [];

    public T Get(ReadOnlySpan<byte> name)
    {
        foreach (var (known, value) in devices)
        {
            if (known.AsSpan().SequenceEqual(name))
            {
                return value;
            }
        }
        var created = create(name);
        if (devices.Count >= 4096)
        {
            // Devices come and go (veth pairs of short-lived pods): forget the old ones rather than grow forever.
            devices.RemoveRange(0, 2048);
        }
        devices.Add((name.ToArray(), created));
        return created;
    }
}
