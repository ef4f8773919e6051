using Obs.Api.Objects;
using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

public sealed class StrategicMergePatchTests
{
    private static string Apply(string doc, string patch, IMergeSchema? schema = null) =>
        Json.Text(StrategicMergePatch.Apply(Json.Parse(doc), Json.Parse(patch), schema ?? DeploymentSchema.Deployment));

    private static PatchException Fails(string doc, string patch) =>
        Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Json.Parse(doc), Json.Parse(patch), DeploymentSchema.Deployment));

    private static string Pod(string spec) => "{'spec':{'template':{'spec':" + spec + "}}}";

    [Fact]
    public void KubectlApplyPatchUpdatesImageReplicasAndAnnotations()
    {
        var live = "{'metadata':{'name':'web','annotations':{'a':'1','kubectl.kubernetes.io/last-applied-configuration':'old'}}," +
                   "'spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}]}],'restartPolicy':'Always'}}}}";
        var patch = "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'new'}}," +
                    "'spec':{'replicas':3,'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'image':'nginx:1.26','name':'nginx'}]}}}}";
        Assert.Equal(
            Json.Text("{'metadata':{'name':'web','annotations':{'a':'1','kubectl.kubernetes.io/last-applied-configuration':'new'}}," +
                      "'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.26','ports':[{'containerPort':80,'protocol':'TCP'}]}],'restartPolicy':'Always'}}}}"),
            Apply(live, patch));
    }

    [Fact]
    public void MergeKeyListMergesByName()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2','args':['x']}]}")),
            Apply(Pod("{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1','args':['x']}]}"),
                  Pod("{'containers':[{'name':'b','image':'b:2'}]}")));
    }

    [Fact]
    public void NewMergeKeyElementGoesBeforeServerOnlyElementsAsInKubernetes()
    {
        // Without $setElementOrder Kubernetes places patch elements the server does not know first
        // (kubectl patch adding a container puts it at the top); kubectl apply always sends the order.
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'c','image':'c'},{'name':'a'},{'name':'b'}]}")),
            Apply(Pod("{'containers':[{'name':'a'},{'name':'b'}]}"), Pod("{'containers':[{'name':'c','image':'c'}]}")));
    }

    [Fact]
    public void PatchOrderWinsOverLiveOrderForNamedElements()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a'},{'name':'c','x':1},{'name':'b','x':1}]}")),
            Apply(Pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"), Pod("{'containers':[{'name':'c','x':1},{'name':'b','x':1}]}")));
    }

    [Fact]
    public void NestedMergeListsMergeByTheirOwnKeys()
    {
        var live = Pod("{'containers':[{'name':'app','ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}");
        var patch = Pod("{'containers':[{'name':'app','ports':[{'containerPort':443,'name':'https'}],'env':[{'name':'B','value':'3'},{'name':'A','$patch':'delete'}]}]}");
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'app','ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'name':'https'}],'env':[{'name':'B','value':'3'}]}]}")),
            Apply(live, patch));
    }

    [Fact]
    public void DeleteDirectiveRemovesEveryElementWithThatKey()
    {
        Assert.Equal(
            Json.Text(Pod("{'volumes':[{'name':'b','emptyDir':{}}]}")),
            Apply(Pod("{'volumes':[{'name':'a','emptyDir':{}},{'name':'b','emptyDir':{}},{'name':'a','secret':{'secretName':'s'}}]}"),
                  Pod("{'volumes':[{'$patch':'delete','name':'a'}]}")));
    }

    [Fact]
    public void DeleteDirectiveWithoutMergeKeyIsMalformed()
    {
        var e = Fails(Pod("{'containers':[{'name':'a'}]}"), Pod("{'containers':[{'$patch':'delete','image':'x'}]}"));
        Assert.Equal("map: {\"$patch\":\"delete\",\"image\":\"x\"} does not contain declared merge key: name", e.Message);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void PatchElementWithoutMergeKeyIsMalformed()
    {
        var e = Fails(Pod("{'containers':[{'name':'a'}]}"), Pod("{'containers':[{'image':'x'}]}"));
        Assert.Equal("map: {\"image\":\"x\"} does not contain declared merge key: name", e.Message);
    }

    [Fact]
    public void ReplaceDirectiveInListReplacesWholeList()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'c','image':'c'}]}")),
            Apply(Pod("{'containers':[{'name':'a','image':'a'},{'name':'b'}]}"),
                  Pod("{'containers':[{'name':'c','image':'c'},{'$patch':'replace'}]}")));
    }

    [Fact]
    public void ReplaceDirectiveOnMapReplacesMap()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'name':'x','labels':{'b':'2'}}}"),
            Apply("{'metadata':{'name':'x','labels':{'a':'1','c':'3'}}}", "{'metadata':{'labels':{'$patch':'replace','b':'2','d':null}}}"));
    }

    [Fact]
    public void ReplaceDirectiveOnRootReplacesDocument()
    {
        Assert.Equal(Json.Text("{'kind':'Deployment'}"), Apply("{'kind':'Deployment','spec':{'replicas':1}}", "{'$patch':'replace','kind':'Deployment'}"));
    }

    [Fact]
    public void DeleteDirectiveOnMapDeletesIt()
    {
        Assert.Equal(
            Json.Text("{'spec':{'strategy':{'type':'RollingUpdate'}}}"),
            Apply("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}", "{'spec':{'strategy':{'rollingUpdate':{'$patch':'delete'}}}}"));
    }

    [Fact]
    public void MergeDirectiveOnMapMerges()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'labels':{'a':'1','b':'2'}}}"),
            Apply("{'metadata':{'labels':{'a':'1'}}}", "{'metadata':{'labels':{'$patch':'merge','b':'2'}}}"));
    }

    [Fact]
    public void UnknownPatchDirectiveIsMalformed()
    {
        var e = Fails("{'metadata':{}}", "{'metadata':{'$patch':'squash'}}");
        Assert.Equal("unknown patch type: \"squash\" in map: {\"$patch\":\"squash\"}", e.Message);
        Assert.Equal(PatchFailure.Malformed, e.Failure);
    }

    [Fact]
    public void NullDeletesFieldAndUnknownNullsAreIgnored()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'name':'x'},'spec':{}}"),
            Apply("{'metadata':{'name':'x','labels':{'a':'1'}},'spec':{'replicas':2}}", "{'metadata':{'labels':null,'annotations':null},'spec':{'replicas':null}}"));
    }

    [Fact]
    public void PrimitiveMergeListIsUnionKeepingOrder()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'finalizers':['c','a','b','d']}}"),
            Apply("{'metadata':{'finalizers':['b','c','a']}}", "{'metadata':{'finalizers':['a','b','d']}}"));
    }

    [Fact]
    public void EmptyPatchListLeavesMergeListAlone()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a'}]}")),
            Apply(Pod("{'containers':[{'name':'a'}]}"), Pod("{'containers':[]}")));
    }

    [Fact]
    public void DeleteFromPrimitiveListRemovesValues()
    {
        // e comes first: without $setElementOrder Kubernetes puts values new to the server in front.
        Assert.Equal(
            Json.Text("{'metadata':{'finalizers':['e','a']}}"),
            Apply("{'metadata':{'finalizers':['a','b','c','b']}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','c'],'finalizers':['e']}}"));
    }

    [Fact]
    public void KubectlApplyFinalizerChangeDeletesAddsAndOrders()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'finalizers':['a','d']}}"),
            Apply("{'metadata':{'finalizers':['a','b','c']}}",
                  "{'metadata':{'$setElementOrder/finalizers':['a','d'],'$deleteFromPrimitiveList/finalizers':['b','c'],'finalizers':['d']}}"));
    }

    [Fact]
    public void DeleteFromPrimitiveListOfMissingFieldDoesNothing()
    {
        Assert.Equal(Json.Text("{'metadata':{'name':'x'}}"), Apply("{'metadata':{'name':'x'}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}"));
    }

    [Fact]
    public void ListWithoutMergeStrategyIsReplaced()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a','args':['--c']}],'tolerations':[{'key':'k2'}]}")),
            Apply(Pod("{'containers':[{'name':'a','args':['--a','--b']}],'tolerations':[{'key':'k1'},{'key':'k2'}]}"),
                  Pod("{'containers':[{'name':'a','args':['--c']}],'tolerations':[{'key':'k2'}]}")));
    }

    [Fact]
    public void RetainKeysClearsFieldsNotListed()
    {
        // kubectl apply switching a Deployment from RollingUpdate to Recreate.
        Assert.Equal(
            Json.Text("{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}"),
            Apply("{'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}}}}",
                  "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"));
    }

    [Fact]
    public void RetainKeysInMergeListElementSwitchesVolumeSource()
    {
        Assert.Equal(
            Json.Text(Pod("{'volumes':[{'name':'data','configMap':{'name':'cm'}}]}")),
            Apply(Pod("{'volumes':[{'name':'data','emptyDir':{}}]}"),
                  Pod("{'$setElementOrder/volumes':[{'name':'data'}],'volumes':[{'$retainKeys':['configMap','name'],'configMap':{'name':'cm'},'name':'data'}]}")));
    }

    [Fact]
    public void RetainKeysIgnoresNullMembersOfThePatch()
    {
        // What kubectl apply sends when the manifest drops rollingUpdate and switches to Recreate.
        Assert.Equal(
            Json.Text("{'spec':{'strategy':{'type':'Recreate'}}}"),
            Apply("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}}}}",
                  "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}"));
    }

    [Fact]
    public void KubectlApplyRemovingContainerSendsDeleteWithOrder()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'web','image':'web:2'}]}")),
            Apply(Pod("{'containers':[{'name':'web','image':'web:1'},{'name':'sidecar','image':'s'}]}"),
                  Pod("{'$setElementOrder/containers':[{'name':'web'}],'containers':[{'image':'web:2','name':'web'},{'$patch':'delete','name':'sidecar'}]}")));
    }

    [Fact]
    public void KubectlSetImageMergesIntoNamedContainer()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:9','ports':[{'containerPort':8080}]}]}")),
            Apply(Pod("{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1','ports':[{'containerPort':8080}]}]}"),
                  Pod("{'containers':[{'image':'b:9','name':'b'}]}")));
    }

    [Fact]
    public void RetainKeysRejectsPatchFieldNotListed()
    {
        var e = Fails("{'spec':{'strategy':{}}}", "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}");
        Assert.Equal("invalid patch format of retainKeys: field \"rollingUpdate\" is in the patch but not in $retainKeys [\"type\"]", e.Message);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void RetainKeysMustBeAListOfNames()
    {
        Assert.Equal(
            "invalid patch format of retainKeys: $retainKeys must be a list of field names, got \"type\"",
            Fails("{'spec':{'strategy':{}}}", "{'spec':{'strategy':{'$retainKeys':'type'}}}").Message);
    }

    [Fact]
    public void SetElementOrderAloneReordersList()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'b','image':'b'},{'name':'c'},{'name':'a'}]}")),
            Apply(Pod("{'containers':[{'name':'a'},{'name':'b','image':'b'},{'name':'c'}]}"),
                  Pod("{'$setElementOrder/containers':[{'name':'b'},{'name':'c'},{'name':'a'}]}")));
    }

    [Fact]
    public void SetElementOrderKeepsServerOnlyElementsNextToTheirLiveNeighbours()
    {
        // b is only on the server: it stays after a, where the live list had it; new d goes where the order says.
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'},{'name':'d','image':'d'}]}")),
            Apply(Pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
                  Pod("{'$setElementOrder/containers':[{'name':'a'},{'name':'c'},{'name':'d'}],'containers':[{'name':'d','image':'d'}]}")));
    }

    [Fact]
    public void SetElementOrderPutsNewElementFirstWhenAskedTo()
    {
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'n','image':'n'},{'name':'a','other':'x'},{'name':'b','v':2}]}")),
            Apply(Pod("{'containers':[{'name':'a','other':'x'},{'name':'b'}]}"),
                  Pod("{'$setElementOrder/containers':[{'name':'n'},{'name':'a'},{'name':'b'}],'containers':[{'name':'n','image':'n'},{'name':'b','v':2}]}")));
    }

    [Fact]
    public void SetElementOrderOnPrimitiveList()
    {
        Assert.Equal(
            Json.Text("{'metadata':{'finalizers':['c','b','a']}}"),
            Apply("{'metadata':{'finalizers':['a','b','c']}}", "{'metadata':{'$setElementOrder/finalizers':['c','b','a']}}"));
    }

    [Fact]
    public void SetElementOrderForMissingListTakesPatchList()
    {
        Assert.Equal(
            Json.Text(Pod("{'initContainers':[{'name':'x'},{'name':'y'}]}")),
            Apply(Pod("{}"), Pod("{'$setElementOrder/initContainers':[{'name':'x'},{'name':'y'}],'initContainers':[{'name':'x'},{'name':'y'}]}")));
    }

    [Fact]
    public void SetElementOrderThatContradictsPatchListIsMalformed()
    {
        var e = Fails(Pod("{'containers':[]}"),
            Pod("{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],'containers':[{'name':'b'},{'name':'a'}]}"));
        Assert.Equal(
            "the order in the patch list [{\"name\":\"b\"},{\"name\":\"a\"}] doesn't match $setElementOrder/containers list [{\"name\":\"a\"},{\"name\":\"b\"}]",
            e.Message);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void SetElementOrderStubWithoutMergeKeyIsMalformed()
    {
        var e = Fails(Pod("{'containers':[{'name':'a'}]}"), Pod("{'$setElementOrder/containers':[{'image':'a'}]}"));
        Assert.Equal(
            "invalid patch format of setElementOrder list: {\"image\":\"a\"} in $setElementOrder/containers does not contain the merge key \"name\"",
            e.Message);
    }

    [Fact]
    public void DirectivesNeverReachTheResultOfNewFields()
    {
        // No live list or map to merge into: the patch's value is taken, but its directives still run.
        Assert.Equal(
            Json.Text("{'metadata':{'labels':{'a':'1'}},'spec':{'template':{'spec':{'containers':[{'name':'x','env':[{'name':'E','value':'v'}]}]}}}}"),
            Apply("{}",
                  "{'metadata':{'labels':{'$patch':'merge','a':'1','b':null}},'spec':{'template':{'spec':{'containers':[{'name':'x','env':[{'name':'E','value':'v'},{'name':'F','$patch':'delete'}],'$setElementOrder/env':[{'name':'E'}]}]}}}}"));
    }

    [Fact]
    public void UnknownFieldsMergeLikeJsonMergePatch()
    {
        // Fields the schema does not know: maps merge, lists are replaced, null deletes.
        Assert.Equal(
            Json.Text("{'spec':{'custom':{'keep':1,'list':[3],'obj':{'a':1,'b':2}}}}"),
            Apply("{'spec':{'custom':{'keep':1,'drop':2,'list':[1,2],'obj':{'a':1}}}}",
                  "{'spec':{'custom':{'drop':null,'list':[3],'obj':{'b':2}}}}"));
    }

    [Fact]
    public void NullSchemaMergesLikeJsonMergePatch()
    {
        Assert.Equal(
            Json.Text("{'a':{'b':[{'name':'y'}],'c':1}}"),
            Json.Text(StrategicMergePatch.Apply(Json.Parse("{'a':{'b':[{'name':'x'}],'c':1,'d':2}}"), Json.Parse("{'a':{'b':[{'name':'y'}],'d':null}}"), null)));
    }

    [Fact]
    public void TypeChangeTakesPatchValue()
    {
        Assert.Equal(Json.Text("{'spec':{'replicas':{'x':1}}}"), Apply("{'spec':{'replicas':[1]}}", "{'spec':{'replicas':{'x':1,'y':null}}}"));
    }

    [Fact]
    public void ConditionsMergeByType()
    {
        Assert.Equal(
            Json.Text("{'status':{'conditions':[{'type':'Available','status':'True','reason':'MinimumReplicasAvailable'},{'type':'Progressing','status':'True'}]}}"),
            Apply("{'status':{'conditions':[{'type':'Available','status':'False','reason':'MinimumReplicasAvailable'},{'type':'Progressing','status':'True'}]}}",
                  "{'status':{'$setElementOrder/conditions':[{'type':'Available'},{'type':'Progressing'}],'conditions':[{'type':'Available','status':'True'}]}}"));
    }

    [Fact]
    public void MergeListOfObjectsWithoutMergeKeyIsNotApplicable()
    {
        var schema = TestMergeSchema.Struct(("items", TestMergeSchema.MergeSet()));
        var e = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Json.Parse("{'items':[{'a':1}]}"), Json.Parse("{'items':[{'a':2}]}"), schema));
        Assert.Equal(PatchFailure.NotApplicable, e.Failure);
        Assert.StartsWith("cannot merge lists of objects without a merge key", e.Message);
    }

    [Fact]
    public void MixedElementTypesInMergeListAreNotApplicable()
    {
        var e = Fails(Pod("{'containers':['a']}"), Pod("{'containers':[{'name':'b'}]}"));
        Assert.Equal("list element types are not identical: \"a\" in a list merged by \"name\"", e.Message);
    }

    [Fact]
    public void PatchMustBeAnObject()
    {
        var e = Fails("{}", "[{'op':'add'}]");
        Assert.Equal("a strategic merge patch must be a JSON object, got [{\"op\":\"add\"}]", e.Message);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void InputsAreNotChangedAndResultSharesNoNodes()
    {
        var doc = Json.Parse(Pod("{'containers':[{'name':'a','env':[{'name':'A','value':'1'}]},{'name':'b'}],'volumes':[{'name':'v','emptyDir':{}}]}"));
        var patch = Json.Parse(Pod("{'$setElementOrder/containers':[{'name':'b'},{'name':'a'},{'name':'c'}],'containers':[{'name':'a','env':[{'name':'B','value':'2'}]},{'name':'c','args':['x']}],'volumes':[{'name':'v','$patch':'delete'}]}"));
        var docText = Json.Text(doc);
        var patchText = Json.Text(patch);

        var result = StrategicMergePatch.Apply(doc, patch, DeploymentSchema.Deployment);
        Assert.Equal(
            Json.Text(Pod("{'containers':[{'name':'b'},{'name':'a','env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]},{'name':'c','args':['x']}],'volumes':[]}")),
            Json.Text(result));

        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray()[2]!["args"]!.AsArray().Add("y");
        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray()[1]!["env"]!.AsArray()[1]!["value"] = "changed";
        Assert.Equal(docText, Json.Text(doc));
        Assert.Equal(patchText, Json.Text(patch));
    }
}
