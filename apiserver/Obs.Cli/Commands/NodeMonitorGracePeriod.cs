using Obs.Api.Serialization;

namespace Obs.Cli.Commands;

/// <summary><c>obs controllers --node-monitor-grace-period</c>: a Go duration, as kube-controller-manager takes it.</summary>
internal static class NodeMonitorGracePeriod
{
    public const string Flag = "--node-monitor-grace-period";

    /// <summary>The period, or what is wrong with the text, said as the flag names it.</summary>
    public static string? Problem(string text, out TimeSpan period)
    {
        try
        {
            period = GoDuration.Parse(text);
        }
        catch (FormatException)
        {
            period = TimeSpan.Zero;
            return $"{Flag} \"{text}\" must be a duration such as 40s or 2m";
        }
        return period > TimeSpan.Zero ? null : $"{Flag} \"{text}\" must be longer than 0s";
    }
}
