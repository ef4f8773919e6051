using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.Cli.Cluster;

/// <summary>
/// A test override of alerting's waits, from <c>OBS_ALERT_FOR</c> (seconds): every rule's
/// <c>for:</c> becomes that long (the rules are copied, rewritten, under the cluster home) and
/// Alertmanager notifies within seconds, so an end-to-end test sees an alert travel from a
/// condition to the receiver without waiting the production 15 minutes. Unset, nothing changes.
/// </summary>
public sealed partial class AlertTestTiming(TimeSpan pendingFor)
{
    public TimeSpan PendingFor { get; } = pendingFor;

    public static AlertTestTiming? FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("OBS_ALERT_FOR"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new AlertTestTiming(TimeSpan.FromSeconds(seconds))
            : null;

    public static readonly AlertmanagerRouteTiming Quick = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromHours(1));

    public AlertmanagerConfigOptions Apply(AlertmanagerConfigOptions options) =>
        options with { Default = Quick, Critical = Quick, Warning = Quick, Info = Quick };

    /// <summary>Writes the rule files of <paramref name="sourceGlob"/> into <paramref name="directory"/> with every <c>for:</c> replaced; returns their glob.</summary>
    public string RewriteRules(string sourceGlob, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(sourceGlob)!, Path.GetFileName(sourceGlob)))
        {
            var text = ForLine().Replace(File.ReadAllText(file), m => $"{m.Groups[1].Value}for: {(long)PendingFor.TotalSeconds}s");
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), text);
        }
        return Path.Combine(directory, Path.GetFileName(sourceGlob));
    }

    [GeneratedRegex(@"^(\s*)for: *\S+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex ForLine();
}
