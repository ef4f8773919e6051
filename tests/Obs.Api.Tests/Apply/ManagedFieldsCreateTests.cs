using System.Text.Json.Nodes;
using Obs.Api.Apply;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Apply;

/// <summary>
/// A create records its managedFields in place, in one walk; what it records must be exactly what the
/// general update tracking records for a write with no old object.
/// </summary>
public sealed class ManagedFieldsCreateTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<string, string> Objects() => new()
    {
        { "pods", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","uid":"u","generation":1,"creationTimestamp":"2026-01-02T03:04:05Z",
              "labels":{"app":"x","tier":"web"},"annotations":{"a":"b"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u2","controller":true}],
              "finalizers":["f1","f2"]},
             "spec":{"containers":[{"name":"app","image":"i","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}],
               "resources":{"requests":{"cpu":"10m"}},"env":[{"name":"A","value":"1"}]}],"restartPolicy":"Always","nodeSelector":{"k":"v"},
               "tolerations":[{"key":"k","operator":"Exists"}],"dnsPolicy":"ClusterFirst","emptyObject":{}},
             "status":{"phase":"Pending"}}
            """ },
        { "pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":null},"spec":{}}""" },
        { "pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}""" },
        { "pods", """{"kind":"Pod","metadata":{"name":"p","uid":"u"},"spec":{"containers":null,"volumes":[]}}""" },
        { "configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":""},"binaryData":{}}""" },
        { "deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"i"},{"name":"a","image":"dup"}]}}}}
            """ },
        { "services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":8080}],"selector":{"a":"b"},"clusterIPs":["10.0.0.1"]}}""" },
        { "namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"},"spec":{"finalizers":["kubernetes"]}}""" },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void RecordsWhatTheGeneralTrackingRecordsForAWriteWithoutAnOldObject(string resource, string json)
    {
        var schema = ApiSchema.Default.MergeSchemaFor(ResourceTypes.All.First(t => t.Plural == resource && t.Version is "v1"));
        var expected = ManagedFieldsTracker.RecordUpdate(null, Json.Obj(json), "creator", null, schema, T1);
        var obj = Json.Obj(json);

        ManagedFieldsTracker.RecordCreate(obj, "creator", schema, T1);

        Json.Equal(expected.ToJsonString(), obj);
    }

    [Fact]
    public void ManagedFieldsTheRequestBringsAreReadAsByAnUpdate()
    {
        const string json = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[{"manager":"other","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]},
             "data":{"a":"1","b":"2"}}
            """;
        var schema = ApiSchema.Default.MergeSchemaFor(ResourceTypes.ConfigMap);
        var expected = ManagedFieldsTracker.RecordUpdate(null, Json.Obj(json), "creator", null, schema, T1);
        var obj = Json.Obj(json);

        ManagedFieldsTracker.RecordCreate(obj, "creator", schema, T1);

        Json.Equal(expected.ToJsonString(), obj);
        // The creator set data.a too, so it takes it from the entry the request named, which is left with nothing.
        Assert.Equal(["creator"], obj["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()));
    }
}
