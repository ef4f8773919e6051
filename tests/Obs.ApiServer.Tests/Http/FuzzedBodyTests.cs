using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// Seeded random damage to valid manifests and patches: whatever arrives, the answer is a
/// Status below 500 (the fixture's metrics check then confirms no request ended in a 5xx).
/// </summary>
public sealed class FuzzedBodyTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    // Every kind of object users write, most of its fields set, so that damage reaches each validator
    // (a damaged RBAC name once reached PostgreSQL as a NUL byte). The Deployment is the patch test's.
    private static readonly (string Path, string Seed)[] Seeds =
    [
        ("/apis/apps/v1/namespaces/default/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"fz","labels":{"app":"fz"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"fz"}},"template":{"metadata":{"labels":{"app":"fz"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]}}}}"""),
        ("/api/v1/namespaces/default/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"fz"},"spec":{"selector":{"app":"fz"},"ports":[{"port":80,"targetPort":"http"}]}}"""),
        ("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fz","annotations":{"a":"b"}},"data":{"k":"v"}}"""),
        ("/api/v1/namespaces/default/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"fz","labels":{"a":"b"}},"spec":{"schedulingGates":[{"name":"x.io/g"}],"nodeSelector":{"k":"v"},"tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute","tolerationSeconds":5}],"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"z","operator":"In","values":["a"]}]}]}},"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":5,"podAffinityTerm":{"labelSelector":{"matchLabels":{"a":"b"}},"topologyKey":"kubernetes.io/hostname"}}]}},"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"a":"b"}}}],"volumes":[{"name":"v","emptyDir":{"medium":"Memory","sizeLimit":"1Mi"}},{"name":"c","configMap":{"name":"cm","items":[{"key":"k","path":"p"}]}},{"name":"p","persistentVolumeClaim":{"claimName":"pvc"}}],"initContainers":[{"name":"i","image":"busybox","command":["true"],"restartPolicy":"Always","readinessProbe":{"exec":{"command":["true"]}}}],"containers":[{"name":"c","image":"busybox","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"B","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"1m"}}}],"envFrom":[{"configMapRef":{"name":"cm"}}],"ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],"volumeMounts":[{"name":"v","mountPath":"/v"}],"livenessProbe":{"httpGet":{"path":"/","port":"http","httpHeaders":[{"name":"X","value":"y"}]},"periodSeconds":3},"startupProbe":{"tcpSocket":{"port":80}},"lifecycle":{"preStop":{"sleep":{"seconds":1}}},"resources":{"limits":{"cpu":"100m","memory":"64Mi"}},"securityContext":{"runAsUser":1000}}]}}"""),
        ("/apis/apps/v1/namespaces/default/statefulsets", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"fz"},"spec":{"serviceName":"fz","replicas":2,"podManagementPolicy":"Parallel","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1,"maxUnavailable":1}},"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete","whenScaled":"Retain"},"ordinals":{"start":3},"selector":{"matchLabels":{"app":"fz"}},"template":{"metadata":{"labels":{"app":"fz"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}},"volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}"""),
        ("/apis/apps/v1/namespaces/default/daemonsets", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"fz"},"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"10%","maxSurge":0}},"minReadySeconds":3,"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["fz"]}]},"template":{"metadata":{"labels":{"app":"fz"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}"""),
        ("/apis/batch/v1/namespaces/default/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"fz"},"spec":{"completions":3,"parallelism":2,"completionMode":"Indexed","backoffLimitPerIndex":1,"maxFailedIndexes":1,"activeDeadlineSeconds":60,"ttlSecondsAfterFinished":5,"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]},{"action":"FailJob","onExitCodes":{"containerName":"c","operator":"In","values":[42]}}]},"successPolicy":{"rules":[{"succeededIndexes":"0-1","succeededCount":1}]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}"""),
        ("/apis/batch/v1/namespaces/default/cronjobs", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"fz"},"spec":{"schedule":"*/5 * * * *","timeZone":"Europe/Paris","concurrencyPolicy":"Forbid","startingDeadlineSeconds":30,"suspend":false,"successfulJobsHistoryLimit":2,"failedJobsHistoryLimit":1,"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}}}}"""),
        ("/apis/networking.k8s.io/v1/namespaces/default/ingresses", """{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"fz"},"spec":{"ingressClassName":"obs","tls":[{"hosts":["a.example"],"secretName":"s"}],"defaultBackend":{"service":{"name":"d","port":{"number":80}}},"rules":[{"host":"a.example","http":{"paths":[{"path":"/x","pathType":"Prefix","backend":{"service":{"name":"s","port":{"name":"http"}}}}]}}]}}"""),
        ("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"fz"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}],"behavior":{"scaleDown":{"stabilizationWindowSeconds":60,"policies":[{"type":"Pods","value":1,"periodSeconds":30}]}}}}"""),
        ("/apis/policy/v1/namespaces/default/poddisruptionbudgets", """{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"fz"},"spec":{"minAvailable":"50%","selector":{"matchLabels":{"app":"fz"}},"unhealthyPodEvictionPolicy":"AlwaysAllow"}}"""),
        ("/api/v1/namespaces/default/persistentvolumeclaims", """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"fz"},"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"local-path","volumeMode":"Filesystem","resources":{"requests":{"storage":"1Gi"}}}}"""),
        ("/api/v1/persistentvolumes", """{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"fz"},"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain","hostPath":{"path":"/tmp/x"},"nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"Exists"}]}]}}}}"""),
        ("/api/v1/namespaces/default/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"fz"},"type":"kubernetes.io/tls","data":{"tls.crt":"YQ==","tls.key":"Yg=="},"stringData":{"x":"y"}}"""),
        ("/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"fz"},"spec":{"taints":[{"key":"k","value":"v","effect":"NoSchedule"}],"unschedulable":true,"podCIDR":"10.0.0.0/24"},"status":{"capacity":{"cpu":"2"}}}"""),
        ("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"fz","labels":{"kubernetes.io/service-name":"s"}},"addressType":"IPv4","endpoints":[{"addresses":["127.0.0.5"],"conditions":{"ready":true},"targetRef":{"kind":"Pod","name":"p"}}],"ports":[{"name":"http","port":80,"protocol":"TCP"}]}"""),
        ("/apis/coordination.k8s.io/v1/namespaces/default/leases", """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"fz"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2026-01-01T00:00:00.000000Z","leaseTransitions":0}}"""),
        ("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"fz"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"ServiceAccount","name":"default","namespace":"default"}]}"""),
        ("/apis/rbac.authorization.k8s.io/v1/clusterroles", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"fz"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}],"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"a":"b"}}]}}"""),
        ("/api/v1/namespaces/default/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"fz2","annotations":{"obs.dev/slo-latency":"250ms@99","obs.dev/slo-availability":"99.9"}},"spec":{"type":"NodePort","sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":30}},"externalIPs":["127.0.0.9"],"selector":{"app":"fz"},"ports":[{"name":"http","port":80,"targetPort":8080,"nodePort":30080,"appProtocol":"http"},{"name":"dns","port":53,"protocol":"UDP"}]}}"""),
        ("/apis/storage.k8s.io/v1/storageclasses", """{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fz"},"provisioner":"obs.dev/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer","allowVolumeExpansion":true,"parameters":{"a":"b"}}"""),
        ("/api/v1/namespaces/default/events", """{"apiVersion":"v1","kind":"Event","metadata":{"name":"fz"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"R","message":"m","type":"Normal","count":2,"firstTimestamp":"2026-01-01T00:00:00Z","source":{"component":"x"}}"""),
    ];

    private static readonly string[] Junk = ["null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"\\u0000\"", "\"x\"", "99999999999999999999", "[[[]]]", "{\"$patch\":\"delete\"}"];

    [Fact]
    public async Task DamagedBodiesNeverEndInAServerError()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 600; i++)
        {
            var (path, seed) = Seeds[random.Next(Seeds.Length)];
            var body = Damage(seed, random);
            var contentType = random.Next(4) switch
            {
                0 => "application/yaml",
                _ => "application/json",
            };
            var (code, status) = await cluster.SendAsync(HttpMethod.Post, path, body, contentType);
            Assert.True(code < 500, $"POST {path} answered {code} for {body}: {status}");
        }
    }

    [Fact]
    public async Task DamagedPatchesNeverEndInAServerError()
    {
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, Seeds[0].Path, Seeds[0].Seed.Replace("\"fz\"", "\"fzp\"", StringComparison.Ordinal));
        Assert.Equal(201, created);
        var random = new Random(7);
        string[] types = ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml"];
        for (var i = 0; i < 200; i++)
        {
            var type = types[random.Next(types.Length)];
            var patch = type == "application/json-patch+json"
                ? $$"""[{"op":"{{new[] { "add", "remove", "replace", "move", "copy", "test", "bogus" }[random.Next(7)]}}","path":"/spec/{{new[] { "replicas", "template/spec/containers/0", "template/spec/containers/-", "selector", "x~1y", "" }[random.Next(6)]}}","value":{{Junk[random.Next(Junk.Length)]}},"from":"/metadata/labels"}]"""
                : Damage(Seeds[0].Seed.Replace("\"fz\"", "\"fzp\"", StringComparison.Ordinal), random);
            var path = Seeds[0].Path + "/fzp" + (random.Next(4) == 0 ? "/status" : random.Next(4) == 0 ? "/scale" : "") + (type.Contains("apply") ? "?fieldManager=fuzz" : "");
            var (code, status) = await cluster.SendAsync(HttpMethod.Patch, path, patch, type);
            Assert.True(code < 500, $"PATCH {path} ({type}) answered {code} for {patch}: {status}");
        }
    }

    /// <summary>One to three random injuries: a value replaced by junk, a field added or removed, the text cut or a byte changed.</summary>
    private static string Damage(string seed, Random random)
    {
        var node = JsonNode.Parse(seed)!;
        var injuries = random.Next(1, 4);
        for (var n = 0; n < injuries; n++)
        {
            var target = PickObject(node, random);
            switch (random.Next(4))
            {
                case 0 when target.Count > 0:
                    target[target.ElementAt(random.Next(target.Count)).Key] = JsonNode.Parse(Junk[random.Next(Junk.Length)]);
                    break;
                case 1:
                    target["f" + random.Next(100)] = JsonNode.Parse(Junk[random.Next(Junk.Length)]);
                    break;
                case 2 when target.Count > 0:
                    target.Remove(target.ElementAt(random.Next(target.Count)).Key);
                    break;
                default:
                    var text = node.ToJsonString();
                    return random.Next(2) == 0
                        ? text[..random.Next(text.Length)]
                        : new StringBuilder(text) { [random.Next(text.Length)] = (char)random.Next(32, 127) }.ToString();
            }
        }
        return node.ToJsonString();
    }

    private static JsonObject PickObject(JsonNode root, Random random)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o) { objects.Add(o); foreach (var (_, v) in o) Walk(v); }
            else if (n is JsonArray a) foreach (var v in a) Walk(v);
        }
        Walk(root);
        return objects[random.Next(objects.Count)];
    }
}
