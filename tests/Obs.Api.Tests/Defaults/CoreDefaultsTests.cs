using Obs.Api.Defaults;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public sealed class CoreDefaultsTests
{
    [Fact]
    public void ClusterIpServiceGetsTypeAffinityPortsAndFamilies()
    {
        var service = JsonAssert.Parse("""{"spec":{"selector":{"app":"web"},"ports":[{"port":80},{"name":"https","port":443,"targetPort":"https"}]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Service, service);

        JsonAssert.Equal("""
            {"spec":{"selector":{"app":"web"},
              "ports":[{"port":80,"protocol":"TCP","targetPort":80},{"name":"https","port":443,"targetPort":"https","protocol":"TCP"}],
              "sessionAffinity":"None","type":"ClusterIP","internalTrafficPolicy":"Cluster",
              "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]},
             "status":{"loadBalancer":{}}}
            """, service);
    }

    [Fact]
    public void LoadBalancerServiceGetsExternalPolicyAndNodePortAllocation()
    {
        var service = JsonAssert.Parse("""
            {"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.9","ports":[{"port":80,"protocol":"UDP","targetPort":0}],"sessionAffinity":"ClientIP"},
             "status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"},{"hostname":"lb.example"}]}}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Service, service);

        JsonAssert.Equal("""
            {"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.9","clusterIPs":["10.0.0.9"],
              "ports":[{"port":80,"protocol":"UDP","targetPort":80}],
              "sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},
              "externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster","allocateLoadBalancerNodePorts":true,
              "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]},
             "status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4","ipMode":"VIP"},{"hostname":"lb.example"}]}}}
            """, service);
    }

    [Fact]
    public void ClusterIpWithExternalIpsIsExternallyAccessible()
    {
        var service = JsonAssert.Parse("""{"spec":{"externalIPs":["192.0.2.10"],"ports":[{"port":80}]}}""");

        ObjectDefaulter.Apply(ResourceTypes.Service, service);

        Assert.Equal("Cluster", service["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void ExternalNameServiceGetsNoTrafficPolicyOrFamilies()
    {
        var service = JsonAssert.Parse("""{"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");

        ObjectDefaulter.Apply(ResourceTypes.Service, service);

        JsonAssert.Equal("""
            {"spec":{"type":"ExternalName","externalName":"db.example.com","sessionAffinity":"None"},"status":{"loadBalancer":{}}}
            """, service);
    }

    [Fact]
    public void HeadlessServiceWithoutSelectorRequiresDualStack()
    {
        var service = JsonAssert.Parse("""{"spec":{"clusterIP":"None"}}""");

        ObjectDefaulter.Apply(ResourceTypes.Service, service);

        Assert.Equal("RequireDualStack", service["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
        JsonAssert.Equal("""["None"]""", service["spec"]!["clusterIPs"]);
    }

    [Fact]
    public void NamespaceGetsNameLabelFinalizerAndActivePhase()
    {
        var ns = JsonAssert.Parse("""{"metadata":{"name":"demo"}}""");

        ObjectDefaulter.Apply(ResourceTypes.Namespace, ns);

        JsonAssert.Equal("""
            {"metadata":{"name":"demo","labels":{"kubernetes.io/metadata.name":"demo"}},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """, ns);
    }

    [Fact]
    public void SecretIsOpaqueByDefault()
    {
        var secret = JsonAssert.Parse("""{"data":{"k":"dg=="}}""");

        ObjectDefaulter.Apply(ResourceTypes.Secret, secret);

        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
    }

    [Fact]
    public void PersistentVolumeIsRetainedFilesystemAndPending()
    {
        var pv = JsonAssert.Parse("""{"spec":{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/data"}}}""");

        ObjectDefaulter.Apply(ResourceTypes.PersistentVolume, pv);

        JsonAssert.Equal("""
            {"spec":{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/data","type":""},
                     "persistentVolumeReclaimPolicy":"Retain","volumeMode":"Filesystem"},
             "status":{"phase":"Pending"}}
            """, pv);
    }

    [Fact]
    public void ClaimIsFilesystemAndPending()
    {
        var pvc = JsonAssert.Parse("""{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}""");

        ObjectDefaulter.Apply(ResourceTypes.PersistentVolumeClaim, pvc);

        JsonAssert.Equal("""{"spec":{"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},"status":{"phase":"Pending"}}""", pvc);
    }

    [Fact]
    public void EndpointsPortsAreTcp()
    {
        var endpoints = JsonAssert.Parse("""{"subsets":[{"addresses":[{"ip":"10.1.0.5"}],"ports":[{"port":80},{"port":53,"protocol":"UDP"}]}]}""");

        ObjectDefaulter.Apply(ResourceTypes.Endpoints, endpoints);

        JsonAssert.Equal("""[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]""", endpoints["subsets"]![0]!["ports"]);
    }

    [Fact]
    public void NodeAllocatableDefaultsToCapacity()
    {
        var node = JsonAssert.Parse("""{"status":{"capacity":{"cpu":"2","memory":"4Gi"}}}""");

        ObjectDefaulter.Apply(ResourceTypes.Node, node);

        JsonAssert.Equal("""{"cpu":"2","memory":"4Gi"}""", node["status"]!["allocatable"]);
    }

    [Fact]
    public void ConfigMapsAreLeftAlone()
    {
        var configMap = JsonAssert.Parse("""{"metadata":{"name":"c"}}""");

        ObjectDefaulter.Apply(ResourceTypes.ConfigMap, configMap);

        JsonAssert.Equal("""{"metadata":{"name":"c"}}""", configMap);
    }

    [Fact]
    public void EventsAlwaysCarryTheReportingFields()
    {
        var ev = JsonAssert.Parse("""{"metadata":{"name":"e"},"reason":"Started","reportingInstance":"node-a"}""");

        ObjectDefaulter.Apply(ResourceTypes.Event, ev);

        JsonAssert.Equal("""{"metadata":{"name":"e"},"reason":"Started","reportingInstance":"node-a","reportingComponent":""}""", ev);
    }
}
