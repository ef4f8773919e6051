using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Controllers.Tests.Ingress;

/// <summary>The controller manager reporting an Ingress's address through a real apiserver, as nodes become ready and stop being so.</summary>
[Collection(ControllerCollection.Name)]
public sealed class IngressStatusTests(ControllerCluster fixture)
{
    private async Task ReadyNodeAsync(string name, string ip, string ready)
    {
        var node = await fixture.Client.TryGetAsync(ResourceTypes.Node, null, name)
            ?? await fixture.Client.CreateAsync(ResourceTypes.Node, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject(),
            });
        node["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready, ["reason"] = "KubeletReady" }),
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = ip }),
        };
        await fixture.Client.UpdateStatusAsync(ResourceTypes.Node, node);
    }

    private async Task<List<string>> AddressesAsync(string ns) =>
        [.. ((await fixture.Client.GetAsync(ResourceTypes.Ingress, ns, "web")).At("status", "loadBalancer", "ingress") as JsonArray ?? [])
            .Select(e => e!["ip"]!.GetValue<string>())];

    [Fact]
    public async Task TheIngressShowsTheAddressesOfReadyNodes()
    {
        var ns = await fixture.NamespaceAsync();
        // Addresses of this test's own: other tests' nodes may be ready too.
        var octet = Random.Shared.Next(1, 250);
        string first = $"10.251.{octet}.20", second = $"10.251.{octet}.3";
        await ReadyNodeAsync(ns + "-a", first, "True");
        await fixture.Client.CreateAsync(ResourceTypes.Ingress, (JsonObject)JsonNode.Parse("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "NS"},
             "spec": {"ingressClassName": "obs", "rules": [{"host": "web.example.com", "http": {"paths": [
               {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}
            """.Replace("NS", ns, StringComparison.Ordinal))!);

        await Eventually.HoldsAsync(async () => (await AddressesAsync(ns)).Contains(first), async () => $"{first} in {string.Join(",", await AddressesAsync(ns))}");
        await ReadyNodeAsync(ns + "-b", second, "True");
        await Eventually.HoldsAsync(async () =>
        {
            var addresses = await AddressesAsync(ns);
            return addresses.Contains(second) && addresses.IndexOf(second) < addresses.IndexOf(first);
        }, async () => $"{second} before {first} in {string.Join(",", await AddressesAsync(ns))}");
        // kubectl shows them as the Ingress's ADDRESS.
        var table = (await fixture.Cluster.KubectlOkAsync("get", "ingress", "web", "-n", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", table[0], StringComparison.Ordinal);
        var address = table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Assert.Contains(first, address.Split(','));
        Assert.Contains(second, address.Split(','));
        await ReadyNodeAsync(ns + "-a", first, "False");
        await Eventually.HoldsAsync(async () => !(await AddressesAsync(ns)).Contains(first), async () => $"{first} gone from {string.Join(",", await AddressesAsync(ns))}");

        await fixture.Client.DeleteAsync(ResourceTypes.Node, null, ns + "-a");
        await fixture.Client.DeleteAsync(ResourceTypes.Node, null, ns + "-b");
        await Eventually.HoldsAsync(async () => !(await AddressesAsync(ns)).Contains(second),
            async () => $"{second} gone once its node is deleted, from {string.Join(",", await AddressesAsync(ns))}");
    }

    [Fact]
    public async Task AnIngressMovedToAnotherClassNoLongerShowsObsAddresses()
    {
        var ns = await fixture.NamespaceAsync();
        var ip = $"10.252.{Random.Shared.Next(1, 250)}.7";
        await ReadyNodeAsync(ns + "-a", ip, "True");
        await fixture.Client.CreateAsync(ResourceTypes.Ingress, (JsonObject)JsonNode.Parse("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "NS"},
             "spec": {"ingressClassName": "obs", "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}
            """.Replace("NS", ns, StringComparison.Ordinal))!);
        await Eventually.HoldsAsync(async () => (await AddressesAsync(ns)).Contains(ip), async () => $"{ip} in {string.Join(",", await AddressesAsync(ns))}");

        var ingress = await fixture.Client.GetAsync(ResourceTypes.Ingress, ns, "web");
        ingress["spec"]!["ingressClassName"] = "elsewhere";
        await fixture.Client.UpdateAsync(ResourceTypes.Ingress, ingress);

        await Eventually.HoldsAsync(async () => (await AddressesAsync(ns)).Count == 0,
            async () => $"no address once the Ingress is of another class, saw {string.Join(",", await AddressesAsync(ns))}");
        await fixture.Client.DeleteAsync(ResourceTypes.Node, null, ns + "-a");
    }
}
