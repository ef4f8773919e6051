using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Schema;

public sealed class ProtobufRequestDecoderTests
{
    /// <summary>ObjectMeta as gogo-protobuf writes it: every non-pointer field, empty or not, and a zero creationTimestamp.</summary>
    private static Action<ProtoBytes> Meta(string name, Action<ProtoBytes>? more = null) => m =>
    {
        m.String(1, name).String(2, "").String(3, "").String(4, "").String(5, "").String(6, "").Varint(7, 0)
            .Message(8, t => t.Varint(1, -62135596800).Varint(2, 0));
        more?.Invoke(m);
    };

    [Fact]
    public void NamespaceWithLabelsFromHandWrittenBytes()
    {
        byte[] body =
        [
            0x6b, 0x38, 0x73, 0x00,                                                 // k8s\0
            0x0a, 0x0f, 0x0a, 0x02, (byte)'v', (byte)'1',                           // typeMeta{apiVersion: v1,
            0x12, 0x09, .. "Namespace"u8.ToArray(),                                 //          kind: Namespace}
            0x12, 0x17,                                                             // raw (23 bytes)
            0x0a, 0x11, 0x0a, 0x04, .. "demo"u8.ToArray(),                          //   metadata{name: demo,
            0x5a, 0x09, 0x0a, 0x04, .. "team"u8.ToArray(), 0x12, 0x01, (byte)'a',   //     labels{team: a}}
            0x12, 0x00, 0x1a, 0x00,                                                 //   spec{}, status{}
            0x1a, 0x00, 0x22, 0x00,                                                 // contentEncoding "", contentType ""
        ];
        var obj = ProtobufRequestDecoder.Decode(body);
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo","labels":{"team":"a"}},"spec":{},"status":{}}""", obj.ToJsonString());
    }

    [Fact]
    public void DeploymentWithOneContainerAndReplicas()
    {
        var body = ProtoBytes.Envelope("apps/v1", "Deployment", d => d
            .Message(1, Meta("web", m => m.Entry(11, "app", "web")))
            .Message(2, s => s
                .Varint(1, 3)
                .Message(2, sel => sel.Entry(1, "app", "web"))
                .Message(3, t => t
                    .Message(1, Meta("", m => m.Entry(11, "app", "web")))
                    .Message(2, p => p
                        .Message(2, c => c.String(1, "nginx").String(2, "nginx:1.27").Message(8, _ => { })
                            .String(13, "").String(14, "").Varint(16, 0).Varint(17, 0).Varint(18, 0))
                        .String(3, "")
                        .Varint(11, 0)))
                .Message(4, _ => { })
                .Varint(5, 0)
                .Varint(7, 0))
            .Message(3, st => st.Varint(1, 0).Varint(2, 0)));
        var obj = ProtobufRequestDecoder.Decode(body);
        Assert.Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","resources":{}}]}},"strategy":{}},"status":{}}""",
            obj.ToJsonString());
    }

    [Theory]
    [InlineData("policy/v1")]
    [InlineData("policy/v1beta1")]
    public void EvictionWithItsDeleteOptionsAsKubectlDrainSendsIt(string apiVersion)
    {
        var body = ProtoBytes.Envelope(apiVersion, "Eviction", e => e
            .Message(1, Meta("web-1", m => m.String(3, "shop")))
            .Message(2, o => o.Varint(1, 30).String(5, "All")));
        Assert.Equal(
            $$$"""{"apiVersion":"{{{apiVersion}}}","kind":"Eviction","metadata":{"name":"web-1","namespace":"shop"},"deleteOptions":{"gracePeriodSeconds":30,"dryRun":["All"]}}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void ExplicitZeroReplicasIsKept()
    {
        var body = ProtoBytes.Envelope("apps/v1", "Deployment", d => d.Message(1, Meta("web")).Message(2, s => s.Varint(1, 0)));
        Assert.Equal(0, ProtobufRequestDecoder.Decode(body)["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void ConfigMapWithData()
    {
        var body = ProtoBytes.Envelope("v1", "ConfigMap", c => c
            .Message(1, Meta("settings", m => m.String(3, "default")))
            .Entry(2, "mode", "fast")
            .Entry(2, "empty", "")
            .Message(3, e => e.String(1, "blob").Bytes(2, [0, 1, 2, 255])));
        Assert.Equal(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"mode":"fast","empty":""},"binaryData":{"blob":"AAEC/w=="}}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void SecretDataBytesBecomeBase64()
    {
        var body = ProtoBytes.Envelope("v1", "Secret", s => s
            .Message(1, Meta("creds"))
            .Message(2, e => e.String(1, "password").Bytes(2, Encoding.UTF8.GetBytes("s3cret")))
            .String(3, "Opaque"));
        var obj = ProtobufRequestDecoder.Decode(body);
        Assert.Equal("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"data":{"password":"czNjcmV0"},"type":"Opaque"}""", obj.ToJsonString());
    }

    [Fact]
    public void JobWithCommandAndRestartPolicy()
    {
        var body = ProtoBytes.Envelope("batch/v1", "Job", j => j
            .Message(1, Meta("pi", m => m.Message(13, o => o.String(1, "CronJob").String(3, "nightly").String(4, "uid-1").String(5, "batch/v1").Varint(6, 1))))
            .Message(2, s => s
                .Message(6, t => t
                    .Message(1, Meta(""))
                    .Message(2, p => p
                        .Message(2, c => c.String(1, "pi").String(2, "perl").String(3, "perl").String(3, "-e").String(3, "print 1"))
                        .String(3, "Never")))
                .Varint(7, 4)));
        Assert.Equal(
            """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","ownerReferences":[{"kind":"CronJob","name":"nightly","uid":"uid-1","apiVersion":"batch/v1","controller":true}]},"spec":{"template":{"metadata":{},"spec":{"containers":[{"name":"pi","image":"perl","command":["perl","-e","print 1"]}],"restartPolicy":"Never"}},"backoffLimit":4}}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void IntOrStringTimeAndQuantityMessages()
    {
        var body = ProtoBytes.Envelope("v1", "Pod", p => p
            .Message(1, m => m.String(1, "p").Message(8, t => t.Varint(1, 1700000000)))
            .Message(2, s => s.Message(2, c => c
                .String(1, "c")
                .Message(6, port => port.Varint(3, 8080).String(4, "TCP"))
                .Message(8, r => r.Message(1, e => e.String(1, "cpu").Message(2, q => q.String(1, "500m"))))
                .Message(10, probe => probe
                    .Message(1, h => h.Message(2, get => get.String(1, "/healthz").Message(2, port => port.Varint(1, 1).String(3, "http"))))
                    .Varint(4, 5))
                .Message(11, probe => probe.Message(1, h => h.Message(3, tcp => tcp.Message(1, port => port.Varint(1, 0).Varint(2, 8080))))))));
        Assert.Equal(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"2023-11-14T22:13:20Z"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m"}},"livenessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5},"readinessProbe":{"tcpSocket":{"port":8080}}}]}}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void HorizontalPodAutoscalerFromAutoscale()
    {
        var body = ProtoBytes.Envelope("autoscaling/v2", "HorizontalPodAutoscaler", h => h
            .Message(1, Meta("web"))
            .Message(2, s => s
                .Message(1, r => r.String(1, "Deployment").String(2, "web").String(3, "apps/v1"))
                .Varint(2, 1)
                .Varint(3, 5)
                .Message(4, m => m.String(1, "Resource").Message(4, res => res.String(1, "cpu").Message(2, t => t.String(1, "Utilization").Varint(4, 80))))));
        Assert.Equal(
            """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]}}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void EmptyTimeMessageIsTheZeroTimeAndLeftOut()
    {
        var body = ProtoBytes.Envelope("v1", "Namespace", n => n.Message(1, m => m.String(1, "demo").Message(8, _ => { })));
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}""", ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void UnknownFieldNumbersAreSkipped()
    {
        var body = ProtoBytes.Envelope("v1", "ServiceAccount", s => s.Message(1, Meta("robot")).Varint(99, 7).String(98, "x").Varint(4, 0));
        Assert.Equal("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"},"automountServiceAccountToken":false}""",
            ProtobufRequestDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void MissingPrefixIsRejected()
    {
        var e = Assert.Throws<ProtobufDecodingException>(() => ProtobufRequestDecoder.Decode("{}"u8));
        Assert.Contains("k8s\\0", e.Message);
    }

    [Fact]
    public void TruncatedMessageIsRejected()
    {
        var body = ProtoBytes.Envelope("v1", "Namespace", n => n.Message(1, Meta("demo")));
        Assert.Throws<ProtobufDecodingException>(() => ProtobufRequestDecoder.Decode(body.AsSpan(0, body.Length - 10)));
    }

    [Fact]
    public void UnknownKindIsRejected()
    {
        var body = ProtoBytes.Envelope("v1", "Widget", n => n.Message(1, Meta("w")));
        var e = Assert.Throws<ProtobufDecodingException>(() => ProtobufRequestDecoder.Decode(body));
        Assert.Equal("no kind \"Widget\" is registered for version \"v1\"", e.Message);
    }

    [Fact]
    public void WrongWireTypeNamesTheField()
    {
        var body = ProtoBytes.Envelope("v1", "Namespace", n => n.Message(1, m => m.Varint(1, 5)));
        var e = Assert.Throws<ProtobufDecodingException>(() => ProtobufRequestDecoder.Decode(body));
        Assert.Equal("Namespace.metadata.name: unexpected wire type 0", e.Message);
    }

    [Fact]
    public void ControllerRevisionDataIsEmbeddedJson()
    {
        var body = ProtoBytes.Envelope("apps/v1", "ControllerRevision", c => c
            .Message(1, Meta("r1"))
            .Message(2, raw => raw.Bytes(1, """{"spec":{"x":1}}"""u8.ToArray()))
            .Varint(3, 2));
        var obj = ProtobufRequestDecoder.Decode(body);
        Assert.Equal("""{"spec":{"x":1}}""", obj["data"]!.ToJsonString());
        Assert.Equal(2, obj["revision"]!.GetValue<long>());
    }
}
