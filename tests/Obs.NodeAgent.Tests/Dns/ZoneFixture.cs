using System.Text.Json.Nodes;
using Obs.Client.Informers;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>Stores filled by hand as the informers would fill them, and a zone over them.</summary>
internal sealed class ZoneFixture
{
    public IndexedStore Services { get; } = new(new Dictionary<string, Func<JsonObject, IEnumerable<string>>> { [ClusterDnsIndexers.ServiceClusterIp] = ClusterDnsIndexers.ByServiceClusterIp });

    public IndexedStore Slices { get; } = new(new Dictionary<string, Func<JsonObject, IEnumerable<string>>>
    {
        [ClusterDnsIndexers.SliceService] = ClusterDnsIndexers.BySliceService,
        [ClusterDnsIndexers.SliceAddress] = ClusterDnsIndexers.BySliceAddress,
    });

    public IndexedStore Pods { get; } = new(new Dictionary<string, Func<JsonObject, IEnumerable<string>>> { [ClusterDnsIndexers.PodAddress] = ClusterDnsIndexers.ByPodAddress });

    public ClusterDnsZone Zone(ClusterDnsOptions? options = null) =>
        new(new Lister(Services), new Lister(Slices), new Lister(Pods), options ?? new ClusterDnsOptions(), serial: 42);

    public void Add(IndexedStore store, string json) => store.Upsert((JsonObject)JsonNode.Parse(json)!);

    /// <summary>A web service, a headless database with StatefulSet-style endpoints, an ExternalName and a pod, in "shop".</summary>
    public static ZoneFixture Shop()
    {
        var f = new ZoneFixture();
        f.Add(f.Services, """
            {"metadata":{"name":"web","namespace":"shop"},"spec":{"type":"ClusterIP","clusterIP":"127.77.0.20","clusterIPs":["127.77.0.20"],
             "ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}}
            """);
        f.Add(f.Services, """
            {"metadata":{"name":"db","namespace":"shop"},"spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}}
            """);
        f.Add(f.Services, """
            {"metadata":{"name":"ext","namespace":"shop"},"spec":{"type":"ExternalName","externalName":"Example.ORG."}}
            """);
        f.Add(f.Slices, """
            {"metadata":{"name":"db-abcde","namespace":"shop","labels":{"kubernetes.io/service-name":"db"}},"addressType":"IPv4",
             "ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
             "endpoints":[
               {"addresses":["10.0.0.3"],"hostname":"db-1","conditions":{"ready":true}},
               {"addresses":["10.0.0.2"],"hostname":"db-0","conditions":{"ready":true}},
               {"addresses":["10.0.0.4"],"hostname":"db-2","conditions":{"ready":false}},
               {"addresses":["10.0.0.5"]}]}
            """);
        f.Add(f.Slices, """
            {"metadata":{"name":"web-abcde","namespace":"shop","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4",
             "ports":[{"name":"http","port":8080,"protocol":"TCP"}],"endpoints":[{"addresses":["10.0.0.9"],"conditions":{"ready":true}}]}
            """);
        f.Add(f.Pods, """
            {"metadata":{"name":"db-0","namespace":"shop"},"status":{"podIP":"10.0.0.2","podIPs":[{"ip":"10.0.0.2"}]}}
            """);
        return f;
    }
}
