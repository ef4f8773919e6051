using System.Text.Json.Nodes;
using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

public sealed class JsonPatchTests
{
    private static string Apply(string doc, string patch) => Json.Text(JsonPatch.Apply(Json.Parse(doc), Json.Parse(patch)));

    private static PatchException Fails(string doc, string patch) =>
        Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse(doc), Json.Parse(patch)));

    [Theory]
    [InlineData("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]", "{'foo':'bar','baz':'qux'}")]
    [InlineData("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}")]
    [InlineData("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]", "{'foo':['bar',['abc','def']]}")]
    [InlineData("{'foo':['bar']}", "[{'op':'add','path':'/foo/1','value':1}]", "{'foo':['bar',1]}")]
    [InlineData("{'foo':'bar'}", "[{'op':'add','path':'/foo','value':null}]", "{'foo':null}")]
    [InlineData("{'foo':1}", "[{'op':'add','path':'','value':[1]}]", "[1]")]
    [InlineData("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}")]
    [InlineData("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}")]
    [InlineData("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}")]
    [InlineData("{'a':[1,2]}", "[{'op':'replace','path':'/a/0','value':{'x':1}}]", "{'a':[{'x':1},2]}")]
    [InlineData("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}")]
    [InlineData("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}")]
    [InlineData("{'a':1}", "[{'op':'move','from':'/a','path':'/a'}]", "{'a':1}")]
    [InlineData("{'a/b':1,'m~n':2}", "[{'op':'replace','path':'/a~1b','value':3},{'op':'remove','path':'/m~0n'}]", "{'a/b':3}")]
    [InlineData("{'~1':1}", "[{'op':'test','path':'/~01','value':1}]", "{'~1':1}")]
    [InlineData("{'':{'':5}}", "[{'op':'replace','path':'//','value':6}]", "{'':{'':6}}")]
    public void OperationsFollowRfc6902(string doc, string patch, string expected)
    {
        Assert.Equal(Json.Text(expected), Apply(doc, patch));
    }

    [Fact]
    public void KubectlUndoReplacesTemplateAndAnnotations()
    {
        var doc = "{'metadata':{'name':'web','annotations':{'deployment.kubernetes.io/revision':'2'}},'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.26'}]}}}}";
        var patch = "[{'op':'replace','path':'/spec/template','value':{'metadata':{'creationTimestamp':null},'spec':{'containers':[{'name':'nginx','image':'nginx:1.25'}]}}}," +
                    "{'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'1'}}]";
        Assert.Equal(
            Json.Text("{'metadata':{'name':'web','annotations':{'deployment.kubernetes.io/revision':'1'}},'spec':{'replicas':2,'template':{'metadata':{'creationTimestamp':null},'spec':{'containers':[{'name':'nginx','image':'nginx:1.25'}]}}}}"),
            Apply(doc, patch));
    }

    [Fact]
    public void TestPassesOnEqualValuesRegardlessOfMemberOrderAndNumberSpelling()
    {
        Assert.Equal(Json.Text("{'a':{'x':1,'y':[1,2]}}"),
            Apply("{'a':{'x':1,'y':[1,2]}}", "[{'op':'test','path':'/a','value':{'y':[1,2.0],'x':1}}]"));
    }

    [Fact]
    public void FailedTestRejectsWholePatchWith422()
    {
        var e = Fails("{'spec':{'replicas':2}}", "[{'op':'replace','path':'/spec/replicas','value':5},{'op':'test','path':'/spec/replicas','value':3}]");
        Assert.Equal("testing value /spec/replicas failed: expected 3, found 5", e.Message);
        Assert.Equal(PatchFailure.NotApplicable, e.Failure);
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("Invalid", e.Reason);
    }

    [Fact]
    public void TestOfStringAgainstNumberFails()
    {
        Assert.Equal("testing value /n failed: expected \"1\", found 1", Fails("{'n':1}", "[{'op':'test','path':'/n','value':'1'}]").Message);
    }

    [Theory]
    [InlineData("{'spec':{}}", "[{'op':'replace','path':'/spec/foo','value':1}]", "replace operation does not apply: doc is missing path: \"/spec/foo\"")]
    [InlineData("{'spec':{}}", "[{'op':'remove','path':'/spec/foo'}]", "remove operation does not apply: doc is missing path: \"/spec/foo\"")]
    [InlineData("{'spec':{}}", "[{'op':'add','path':'/spec/foo/bar','value':1}]", "add operation does not apply: doc is missing path: \"/spec/foo/bar\"")]
    [InlineData("{'spec':{}}", "[{'op':'test','path':'/spec/x','value':null}]", "testing value /spec/x failed: doc is missing path: \"/spec/x\"")]
    [InlineData("{'a':1}", "[{'op':'move','from':'/b','path':'/c'}]", "move operation does not apply: doc is missing from path: \"/b\"")]
    [InlineData("{'a':1}", "[{'op':'copy','from':'/b','path':'/c'}]", "copy operation does not apply: doc is missing from path: \"/b\"")]
    [InlineData("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a/b/c'}]", "move operation does not apply: \"/a\" cannot be moved into its own child \"/a/b/c\"")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/3','value':0}]", "add operation does not apply: \"3\" in path \"/a/3\" is not an index from 0 to 2 or \"-\" for the array there")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/01','value':0}]", "add operation does not apply: \"01\" in path \"/a/01\" is not an index from 0 to 2 or \"-\" for the array there")]
    [InlineData("{'a':[1,2]}", "[{'op':'replace','path':'/a/2','value':0}]", "replace operation does not apply: doc is missing path: \"/a/2\"")]
    [InlineData("{'a':[1,2]}", "[{'op':'remove','path':'/a/-'}]", "remove operation does not apply: doc is missing path: \"/a/-\"")]
    [InlineData("{'a':'s'}", "[{'op':'add','path':'/a/b','value':0}]", "add operation does not apply: doc is missing path: \"/a/b\"")]
    [InlineData("{'a':1}", "[{'op':'remove','path':''}]", "remove operation does not apply: the whole document cannot be removed")]
    public void InapplicableOperationsNameTheOperationAndPath(string doc, string patch, string message)
    {
        var e = Fails(doc, patch);
        Assert.Equal(message, e.Message);
        Assert.Equal(PatchFailure.NotApplicable, e.Failure);
    }

    [Theory]
    [InlineData("{'op':'add','path':'/a'}", "a JSON patch must be a JSON array of operations")]
    [InlineData("[1]", "JSON patch operation 0 is not an object")]
    [InlineData("[{'path':'/a'}]", "JSON patch operation 0 is missing \"op\"")]
    [InlineData("[{'op':'test','path':'/a','value':1},{'op':'frobnicate','path':'/a'}]", "JSON patch operation 1 has unsupported op \"frobnicate\": expected one of add, remove, replace, move, copy, test")]
    [InlineData("[{'op':'add','value':1}]", "add operation 0 is missing \"path\"")]
    [InlineData("[{'op':'add','path':'/a'}]", "add operation 0 is missing \"value\"")]
    [InlineData("[{'op':'move','path':'/a'}]", "move operation 0 is missing \"from\"")]
    [InlineData("[{'op':'add','path':'a','value':1}]", "path \"a\" is not a JSON pointer: it must be empty or start with \"/\"")]
    [InlineData("[{'op':'add','path':'/a~2','value':1}]", "path \"/a~2\" is not a JSON pointer: '~' must be followed by '0' or '1'")]
    [InlineData("[{'op':'add','path':5,'value':1}]", "JSON patch operation 0 has a non-string \"path\"")]
    public void MalformedPatchesAreRejectedBeforeAnyOperationRuns(string patch, string message)
    {
        var e = Fails("{'a':1}", patch);
        Assert.Equal(message, e.Message);
        Assert.Equal(PatchFailure.Malformed, e.Failure);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void TooManyOperationsAre413()
    {
        var ops = new JsonArray();
        for (var i = 0; i <= JsonPatch.MaxOperations; i++) ops.Add(new JsonObject { ["op"] = "test", ["path"] = "", ["value"] = null });
        var e = Assert.Throws<PatchException>(() => JsonPatch.Apply(null, ops));
        Assert.Equal(413, e.StatusCode);
        Assert.Equal("The allowed maximum operations in a JSON patch is 10000, got 10001", e.Message);
    }

    [Fact]
    public void InputsAreNotChangedAndResultSharesNoNodes()
    {
        var doc = Json.Parse("{'a':{'b':[1,2]},'c':3}");
        var patch = Json.Parse("[{'op':'add','path':'/a/b/-','value':{'x':1}},{'op':'remove','path':'/c'},{'op':'copy','from':'/a','path':'/d'}]");
        var docText = Json.Text(doc);
        var patchText = Json.Text(patch);

        var result = JsonPatch.Apply(doc, patch)!;
        result["a"]!["b"]!.AsArray()[2]!["x"] = 99;

        Assert.Equal(docText, Json.Text(doc));
        Assert.Equal(patchText, Json.Text(patch));
        Assert.Equal(Json.Text("{'a':{'b':[1,2,{'x':99}]},'d':{'b':[1,2,{'x':1}]}}"), Json.Text(result));
    }
}
