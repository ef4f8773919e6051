namespace Obs.Exporter.Tests.Collectors;

/// <summary>A test that needs root (loop devices, mounts): skipped, with the reason, for any other user.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = $"needs root to attach a loop device and mount it; running as {Environment.UserName}";
        }
    }
}
