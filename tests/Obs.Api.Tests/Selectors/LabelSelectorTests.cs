using System.Text.Json.Nodes;
using Obs.Api.Selectors;

namespace Obs.Api.Tests.Selectors;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "a", ["env"] = "dev", ["track"] = "stable", ["x"] = "y" };

    [Fact]
    public void ParsesEveryOperatorAndMatches()
    {
        var selector = LabelSelector.Parse("app=web,tier in (a,b),!canary,env!=prod,track,x==y,k notin (p)");
        Assert.True(selector.Matches(Web));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["canary"] = "" }));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["env"] = "prod" }));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["k"] = "p" }));
        Assert.False(selector.Matches(new Dictionary<string, string>(Web) { ["tier"] = "c" }));
    }

    [Fact]
    public void ToStringIsCanonicalAndSortedByKey()
    {
        var selector = LabelSelector.Parse("tier in (b,a),  app = web,!canary,env!=prod,track,x==y,k notin (p)");
        Assert.Equal("app=web,!canary,env!=prod,k notin (p),tier in (a,b),track,x==y", selector.ToString());
    }

    [Fact]
    public void EmptyStringMatchesEverything()
    {
        var selector = LabelSelector.Parse("");
        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string>()));
        Assert.Equal("", selector.ToString());
    }

    [Fact]
    public void InKeywordIsAValueInValuePosition()
    {
        var selector = LabelSelector.Parse("x in (in,notin)");
        Assert.True(selector.Matches(new Dictionary<string, string> { ["x"] = "notin" }));
        Assert.Equal("x in (in,notin)", selector.ToString());
    }

    [Fact]
    public void EmptyValuesAreAllowed()
    {
        Assert.Equal("a=", LabelSelector.Parse("a=").ToString());
        Assert.Equal("a in ()", LabelSelector.Parse("a in ()").ToString());
        Assert.Equal("a in (,b)", LabelSelector.Parse("a in (,b)").ToString());
    }

    [Fact]
    public void GreaterAndLessThanCompareIntegers()
    {
        var selector = LabelSelector.Parse("n>5,m<3");
        Assert.True(selector.Matches(new Dictionary<string, string> { ["n"] = "6", ["m"] = "2" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["n"] = "5", ["m"] = "2" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["n"] = "x", ["m"] = "2" }));
    }

    [Theory]
    [InlineData("app=web,", "found '', expected: identifier after ','")]
    [InlineData("app=web tier=a", "found 'tier', expected: ',' or 'end of string'")]
    [InlineData("=web", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x (a)", "unable to parse requirement: found '(', expected: '=', '!=', '==', 'in', notin'")]
    [InlineData("x=(", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("n>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void ReportsKubernetesParseErrors(string text, string message)
    {
        Assert.False(LabelSelector.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
        Assert.Equal(message, Assert.Throws<FormatException>(() => LabelSelector.Parse(text)).Message);
    }

    [Fact]
    public void InvalidKeyIsReportedWithNilPath()
    {
        Assert.False(LabelSelector.TryParse("-a=b", out _, out var error));
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            error);
    }

    [Fact]
    public void InvalidValueIsReportedWithValuesPath()
    {
        Assert.False(LabelSelector.TryParse("app=-x", out _, out var error));
        Assert.StartsWith("unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string", error);
    }

    [Fact]
    public void JsonSelectorBuildsTheSameRequirements()
    {
        var json = JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},{"key":"canary","operator":"DoesNotExist"}]}
            """);
        var selector = LabelSelector.FromJson(json);
        Assert.Equal("app=web,!canary,tier in (a,b)", selector.ToString());
        Assert.True(selector.Matches(Web));
        Assert.Empty(LabelSelector.ValidateJson(json, "spec.selector"));
    }

    [Fact]
    public void NullJsonSelectorMatchesNothingAndEmptyMatchesEverything()
    {
        Assert.True(LabelSelector.FromJson(null).MatchesNothing);
        Assert.False(LabelSelector.FromJson(null).Matches(Web));
        Assert.True(LabelSelector.FromJson(new JsonObject()).IsEmpty);
        Assert.True(LabelSelector.FromJson(new JsonObject()).Matches(Web));
    }

    [Fact]
    public void InvalidJsonSelectorReportsEveryErrorAndMatchesNothing()
    {
        var json = JsonNode.Parse("""
            {"matchExpressions":[{"key":"tier","operator":"Bogus"},{"key":"a","operator":"In"},{"key":"b","operator":"Exists","values":["x"]}]}
            """);
        var errors = LabelSelector.ValidateJson(json, "spec.selector");
        Assert.Equal(
            [
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Bogus\": not a valid selector operator",
                "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ],
            errors.Select(e => e.Message));
        Assert.True(LabelSelector.FromJson(json).MatchesNothing);
    }

    [Fact]
    public void WrongJsonTypesBecomeErrorsNotExceptions()
    {
        var json = JsonNode.Parse("""{"matchLabels":{"app":3},"matchExpressions":"x"}""");
        var errors = LabelSelector.ValidateJson(json, "s");
        Assert.Equal(["s.matchLabels.app", "s.matchExpressions"], errors.Select(e => e.Field));
        Assert.True(LabelSelector.FromJson(json).MatchesNothing);
    }

    [Fact]
    public void FromSetMatchesEqualityAndEmptySetMatchesEverything()
    {
        var selector = LabelSelector.FromSet(new Dictionary<string, string> { ["tier"] = "a", ["app"] = "web" });
        Assert.Equal("app=web,tier=a", selector.ToString());
        Assert.True(selector.Matches(Web));
        Assert.True(LabelSelector.FromSet([]).IsEmpty);
    }

    [Fact]
    public void MatchesObjectReadsMetadataLabels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""");
        Assert.True(LabelSelector.Parse("app=web").MatchesObject(pod));
        Assert.False(LabelSelector.Parse("app=db").MatchesObject(pod));
        Assert.True(LabelSelector.Parse("!app").MatchesObject(JsonNode.Parse("{}")));
    }

    [Fact]
    public void FormatShowsNoneAndErrorLikeKubectl()
    {
        Assert.Equal("<none>", LabelSelector.Format(null));
        Assert.Equal("<none>", LabelSelector.Format(new JsonObject()));
        Assert.Equal("<error>", LabelSelector.Format(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Bad"}]}""")));
        Assert.Equal("app=web", LabelSelector.Format(JsonNode.Parse("""{"matchLabels":{"app":"web"}}""")));
    }
}
