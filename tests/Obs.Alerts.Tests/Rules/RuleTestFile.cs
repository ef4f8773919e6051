using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Obs.Alerts.Tests.Rules;

/// <summary>A <c>promtool test rules</c> file, read as far as these tests need it.</summary>
internal sealed class RuleTestFile
{
    public List<string> RuleFiles { get; init; } = [];

    public List<RuleTestCase> Tests { get; init; } = [];

    public static RuleTestFile Load(string path) =>
        new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<RuleTestFile>(File.ReadAllText(path));
}
