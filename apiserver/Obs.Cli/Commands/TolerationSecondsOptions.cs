using System.CommandLine;
using System.Globalization;
using Obs.Api.Defaults;

namespace Obs.Cli.Commands;

/// <summary>
/// <c>obs apiserver</c>'s DefaultTolerationSeconds flags, named as kube-apiserver names them: how long pods without their
/// own not-ready or unreachable toleration stay on a node that stopped reporting before they are evicted.
/// </summary>
internal sealed class TolerationSecondsOptions
{
    private readonly Option<string> _notReady = new("--default-not-ready-toleration-seconds")
    {
        Description = "tolerationSeconds of the node.kubernetes.io/not-ready:NoExecute toleration added to every pod without one",
        DefaultValueFactory = _ => DefaultTolerationSeconds.Default.ToString(CultureInfo.InvariantCulture),
    };

    private readonly Option<string> _unreachable = new("--default-unreachable-toleration-seconds")
    {
        Description = "tolerationSeconds of the node.kubernetes.io/unreachable:NoExecute toleration added to every pod without one",
        DefaultValueFactory = _ => DefaultTolerationSeconds.Default.ToString(CultureInfo.InvariantCulture),
    };

    public IEnumerable<Option> All => [_notReady, _unreachable];

    /// <summary>The seconds given; each unusable value goes to <paramref name="errors"/>.</summary>
    public DefaultTolerationSeconds Read(ParseResult parse, List<string> errors) => new()
    {
        NotReady = Seconds(parse, _notReady, errors),
        Unreachable = Seconds(parse, _unreachable, errors),
    };

    /// <summary>What is wrong with a flag's value, which must be a whole number of seconds, 0 or more (0: evict at once).</summary>
    internal static string? Problem(string flag, string text, out long seconds)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) return null;
        return $"{flag} \"{text}\" must be a whole number of seconds, 0 or more";
    }

    private static long Seconds(ParseResult parse, Option<string> option, List<string> errors)
    {
        if (Problem(option.Name, parse.GetValue(option)!, out var seconds) is { } problem) errors.Add(problem);
        return seconds;
    }
}
