using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Tests.Validation;

/// <summary>Objects as they look after defaulting, for validators to start from.</summary>
internal static class ValidationFixtures
{
    public static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonObject Pod() => Obj("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","containers":[
           {"name":"app","image":"nginx","imagePullPolicy":"IfNotPresent","terminationMessagePolicy":"File",
            "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi"}}}]}}
        """);

    public static JsonObject Deployment() => Obj("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Always","containers":[{"name":"app","image":"nginx"}]}}}}
        """);

    /// <summary>One object per shape the validators read, for the odd-JSON sweep.</summary>
    public static IEnumerable<JsonObject> Shapes() =>
    [
        Pod(),
        Deployment(),
        Obj("""
            {"metadata":{"name":"s","namespace":"d","ownerReferences":[{"apiVersion":"v1","kind":"X","name":"x","uid":"u","controller":true}],"finalizers":["a/b"],"deletionTimestamp":"t"},
             "spec":{"type":"NodePort","clusterIP":"10.0.0.1","clusterIPs":["10.0.0.1"],"ports":[{"name":"a","port":80,"targetPort":"http","nodePort":30000,"protocol":"TCP"}],"selector":{"a":"b"},
               "externalName":"x","schedule":"* * * * *","timeZone":"UTC","jobTemplate":{"metadata":{"labels":{"a":"b"}},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}},
               "accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"capacity":{"storage":"1Gi"},"hostPath":{"path":"/x"},
               "minReplicas":1,"maxReplicas":2,"scaleTargetRef":{"kind":"Deployment","name":"w"},"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":5,"averageValue":"1"}}}],
               "minAvailable":"50%","leaseDurationSeconds":5,"taints":[{"key":"k","effect":"NoSchedule"}],"podCIDR":"10.0.0.0/24","finalizers":["kubernetes"],
               "rules":[{"host":"a.b","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"w","port":{"number":80}}}}]}}],"tls":[{"hosts":["*.a.b"]}],"defaultBackend":{"resource":{"kind":"K","name":"n"}},
               "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0,"maxUnavailable":1,"maxSurge":0}},"podManagementPolicy":"Parallel","volumeClaimTemplates":[{"metadata":{"name":"d"},"spec":{"accessModes":["ReadWriteOnce"]}}],
               "controller":"x",
               "containers":[{"name":"c","image":"i","livenessProbe":{"httpGet":{"path":"/","port":"http","scheme":"HTTP","httpHeaders":[{"name":"X","value":"y"}]}},
                 "lifecycle":{"preStop":{"sleep":{"seconds":1}}},"env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"c","key":"k"}}}],"envFrom":[{"configMapRef":{"name":"c"}}],
                 "volumeMounts":[{"name":"v","mountPath":"/v","subPath":"a"}],"resources":{"limits":{"example.com/gpu":"1"},"requests":{"example.com/gpu":"1"}}}],
               "volumes":[{"name":"v","configMap":{"name":"c","defaultMode":420,"items":[{"key":"k","path":"p"}]}}],
               "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"a","operator":"In","values":["b"]}],"matchFields":[{"key":"metadata.name","operator":"In","values":["n"]}]}]},
                 "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"a","operator":"Exists"}]}}]},
                 "podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"a":"b"}},"namespaces":["d"],"topologyKey":"z"}]}},
               "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"z","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"a":"b"}}}],
               "tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute","tolerationSeconds":5}],"initContainers":[{"name":"i","image":"i","restartPolicy":"Always"}]},
             "data":{"a":"YQ=="},"binaryData":{"b":"YQ=="},"stringData":{"c":"d"},"type":"kubernetes.io/tls","immutable":true,
             "subsets":[{"addresses":[{"ip":"1.2.3.4","hostname":"h","nodeName":"n"}],"ports":[{"name":"p","port":1,"protocol":"TCP"}]}],
             "addressType":"IPv4","endpoints":[{"addresses":["1.2.3.4"]}],"ports":[{"name":"p","port":1,"protocol":"TCP"}],
             "involvedObject":{"namespace":"d"},"eventTime":"t","reportingComponent":"c","reportingInstance":"i","action":"a","reason":"r",
             "rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"],"nonResourceURLs":["/x"]}],"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"a":"b"}}]},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"ServiceAccount","name":"s","namespace":"d"},{"kind":"User","name":"u","apiGroup":"rbac.authorization.k8s.io"}],
             "status":{"phase":"Active"},"revision":1}
            """),
    ];

    public static IReadOnlyList<string> Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.Message).ToList();
}
