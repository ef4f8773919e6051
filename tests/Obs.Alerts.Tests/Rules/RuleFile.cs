using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Obs.Alerts.Tests.Rules;

/// <summary>A Prometheus rule file, read as far as these tests need it.</summary>
internal sealed class RuleFile
{
    public List<RuleGroup> Groups { get; init; } = [];

    public IEnumerable<Rule> Alerts => Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null);

    public static RuleFile Load(string path) =>
        new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<RuleFile>(File.ReadAllText(path));
}
