using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

public sealed class MergePatchTests
{
    // The examples of RFC 7386 appendix A.
    [Theory]
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("['a','b']", "['c','d']", "['c','d']")]
    [InlineData("{'a':'b'}", "['c']", "['c']")]
    [InlineData("{'a':'foo'}", "null", "null")]
    [InlineData("{'a':'foo'}", "'bar'", "'bar'")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("[1,2]", "{'a':'b','c':null}", "{'a':'b'}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    [InlineData("{'a':[{'x':1}]}", "{'a':[{'x':null}]}", "{'a':[{'x':null}]}")]
    public void FollowsRfc7386(string doc, string patch, string expected)
    {
        Assert.Equal(Json.Text(expected), Json.Text(MergePatch.Apply(Json.Parse(doc), Json.Parse(patch))));
    }

    [Fact]
    public void KubectlScaleSetsReplicas()
    {
        var doc = Json.Parse("{'metadata':{'name':'web'},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'web'}}}}");
        Assert.Equal(
            Json.Text("{'metadata':{'name':'web'},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}}}}"),
            Json.Text(MergePatch.Apply(doc, Json.Parse("{'spec':{'replicas':3}}"))));
    }

    [Fact]
    public void InputsAreNotChanged()
    {
        var doc = Json.Parse("{'a':{'b':1,'c':[1]}}");
        var patch = Json.Parse("{'a':{'b':null,'d':{'e':1}}}");
        var result = MergePatch.Apply(doc, patch)!;
        result["a"]!["d"]!["e"] = 2;
        Assert.Equal(Json.Text("{'a':{'b':1,'c':[1]}}"), Json.Text(doc));
        Assert.Equal(Json.Text("{'a':{'b':null,'d':{'e':1}}}"), Json.Text(patch));
    }

    [Theory]
    [InlineData("{'a':1,'b':{'c':1,'d':2}}", "{'a':1,'b':{'c':1,'d':3},'e':[1]}", "{'b':{'d':3},'e':[1]}")]
    [InlineData("{'a':1,'b':2}", "{'a':1}", "{'b':null}")]
    [InlineData("{'a':{'b':1}}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("{'a':1}", "{'a':1}", "{}")]
    public void CreateGivesTheSmallestPatch(string original, string modified, string expected)
    {
        Assert.Equal(Json.Text(expected), Json.Text(MergePatch.Create(Json.Parse(original), Json.Parse(modified))));
    }
}
