using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.PortForward;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// The proxy subresources: <c>pods/[https:]NAME[:PORT]/proxy/PATH</c> and
/// <c>services/[https:]NAME[:PORT]/proxy/PATH</c> reach a pod's declared port through a port-forward tunnel
/// to its node's agent (<see cref="PodTunnelClient"/>), and a Service's endpoint that is no pod at its
/// address; <c>nodes/NAME[:PORT]/proxy/PATH</c> reaches the node agent's own HTTPS endpoints (/metrics,
/// /metrics/cadvisor, /healthz…), as Prometheus scrapes kubelets through the apiserver, and any other port
/// at the node's address, as Kubernetes does. Every method, the query and both bodies go through, and
/// upgrades (WebSocket) too but to the node agent (<see cref="UpgradeRelay"/>); the caller's credentials reach
/// the node agent, which checks them as it does for exec and port-forward, and nothing else.
/// </summary>
public sealed class ProxyEndpoint(ObjectRegistry registry, WatchCache cache, WebhookAdmission webhooks)
{
    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target.StartsWith('/') ? target : context.Request.Path.Value ?? "";
        var question = raw.IndexOf('?');
        var path = ProxyRequestPath.Split(question < 0 ? raw : raw[..question], info) ?? throw ApiErrors.NotFoundPath();
        var id = ProxyName.Parse(info.Name!) ?? throw ApiErrors.BadRequest($"invalid {info.Type.Singular} request \"{info.Name}\"");
        // Webhooks whose rules name pods/proxy (services/proxy, nodes/proxy) are asked first, as about a CONNECT.
        var (kind, options) = ConnectOptions.ForProxy(info.Type.Kind, path.Rest);
        await webhooks.AdmitAsync(AdmissionAttributes.ForConnect(info.Type, "proxy", kind, info.Namespace ?? "", info.Name!, options, context), context.RequestAborted);
        if (path.Rest.Length == 0)
        {
            // As kube-apiserver does: the target's root ends in a slash, so the relative links of a page it serves stay under the proxy.
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = path.Prefix + "/" + context.Request.QueryString.Value;
            return;
        }
        var query = context.Request.QueryString.Value ?? "";
        if (info.Type == ResourceTypes.Node) await NodeAsync(context, id, path, query);
        else if (info.Type == ResourceTypes.Service) await ServiceAsync(context, info.Namespace!, id, path, query);
        else await PodAsync(context, info.Namespace!, id, path, query);
    }

    private async Task PodAsync(HttpContext context, string ns, ProxyName id, ProxyRequestPath path, string query)
    {
        var pod = await registry.GetAsync(ResourceTypes.Pod, ns, id.Name, context.RequestAborted);
        var (asked, listening) = PodProxyPort.Resolve(pod, id.Name, id.Port);
        var nodeName = PodAgents.BoundNode(pod, id.Name);
        var address = pod.StringAt("status", "podIP");
        await ThroughAgentAsync(context, id, ns, id.Name, nodeName, address, asked, listening, path, query);
    }

    private async Task ServiceAsync(HttpContext context, string ns, ProxyName id, ProxyRequestPath path, string query)
    {
        var service = await registry.GetAsync(ResourceTypes.Service, ns, id.Name, context.RequestAborted);
        var slices = cache.List(ResourceTypes.EndpointSlice.GroupResource, new WatchFilter(ns, o => o.Label("kubernetes.io/service-name") == id.Name)).Items
            .Select(o => o.ToMutable());
        var endpoint = ServiceEndpointChoice.Choose(service, slices, id.Port, Random.Shared);
        if (id.Scheme.Length == 0 && endpoint.Https) id = id with { Scheme = "https" };
        if (endpoint.Pod is not { } pod)
        {
            await DirectAsync(context, id, endpoint.Address!, endpoint.Port, path, query, $"endpoint {endpoint.Address}:{endpoint.Port} of service \"{id.Name}\"");
            return;
        }
        var nodeName = endpoint.Node ?? PodAgents.BoundNode(await registry.GetAsync(ResourceTypes.Pod, endpoint.Namespace, pod, context.RequestAborted), pod);
        await ThroughAgentAsync(context, id, endpoint.Namespace, pod, nodeName, endpoint.Address, endpoint.Port, endpoint.Port, path, query);
    }

    /// <summary>To a pod's port through a tunnel its node's agent opens, which allows only the pod's declared TCP ports.</summary>
    private async Task ThroughAgentAsync(HttpContext context, ProxyName id, string ns, string pod, string nodeName, string? address, int asked, int listening,
        ProxyRequestPath path, string query)
    {
        if ((await PodAgents.FindAsync(registry, nodeName, context.RequestAborted)).Agent is not { } agent)
            throw ApiErrors.ServiceUnavailable($"node \"{nodeName}\" is unreachable: no node agent is serving it, so pod \"{pod}\" cannot be proxied to");
        var (agentHost, agentPort, pin) = agent;
        var authorization = context.Request.Headers.Authorization.ToString();
        var dialer = new AgentPortDialer(agentHost, agentPort, pin, authorization, ns, pod, nodeName);
        var poolHost = PodTunnelClient.PoolHost(agentHost, $"{agentPort}", pin, ns, pod, authorization);
        var target = new Uri($"{id.TargetScheme}://{poolHost}:{asked}{path.Rest}{query}");
        var host = $"{(address is { Length: > 0 } ? address : agentHost)}:{listening}";
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            await UpgradeRelay.RelayAsync(context, async cancellationToken =>
            {
                var dialed = await dialer.DialAsync(asked, cancellationToken);
                return dialed.Connection ?? throw (dialed.AgentStatus == 401 ? ApiErrors.Unauthorized() : ApiErrors.ServiceUnavailable(dialed.Error ?? "the pod could not be reached"));
            }, id.TargetScheme == "https", path, query, host);
            return;
        }
        await HttpForwarder.ForwardAsync(context, PodTunnelClient.Client, target, host, path, keepAuthorization: false,
            request => request.Options.Set(PodTunnelClient.Dialer, dialer),
            e => e.InnerException is TunnelRefusedException refused
                ? refused.AgentStatus == 401 ? ApiErrors.Unauthorized() : ApiErrors.ServiceUnavailable(refused.Message)
                : ApiErrors.ServiceUnavailable($"error trying to reach pod {ns}/{pod} on port {listening}: {e.Message}"));
    }

    private async Task NodeAsync(HttpContext context, ProxyName id, ProxyRequestPath path, string query)
    {
        var node = await registry.GetAsync(ResourceTypes.Node, null, id.Name, context.RequestAborted);
        if (NodeProxy.AgentEndpoint(node) is not { } agent)
            throw ApiErrors.ServiceUnavailable($"node \"{id.Name}\" is unreachable: no node agent is serving it (it publishes no address, port and certificate pin)");
        var (host, port, pin) = agent;
        if (id.Port.Length > 0 && id.Port != $"{port}")
        {
            // Any other port of the node is dialed directly, as Kubernetes does.
            if (!int.TryParse(id.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var other) || other is < 1 or > 65535)
                throw ApiErrors.BadRequest($"invalid port \"{id.Port}\" for node \"{id.Name}\": a node's port is a number from 1 to 65535");
            await DirectAsync(context, id, host, other, path, query, $"node \"{id.Name}\" on port {other}");
            return;
        }
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
            throw ApiErrors.BadRequest($"nodes/proxy does not pass upgrades through to the node agent: its exec, attach and port-forward are reached as pods/exec, pods/attach and pods/portforward");
        var target = new Uri($"https://{host}:{port}{path.Rest}{query}");
        await HttpForwarder.ForwardAsync(context, NodeProxy.ClientFor(pin), target, $"{host}:{port}", path, keepAuthorization: true, _ => { },
            e => ApiErrors.ServiceUnavailable($"node \"{id.Name}\" is unreachable: its node agent at {host}:{port} did not answer ({e.Message})"));
    }

    /// <summary>
    /// To an address the apiserver dials itself (<see cref="DirectTarget"/>): a Service's endpoint that is no pod, or a
    /// node's port other than its agent's. The caller's credentials stay here, as they stay from a pod.
    /// </summary>
    private static async Task DirectAsync(HttpContext context, ProxyName id, string address, int port, ProxyRequestPath path, string query, string what)
    {
        var host = address.Contains(':') && !address.StartsWith('[') ? $"[{address}]:{port}" : $"{address}:{port}";
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            await UpgradeRelay.RelayAsync(context, cancellationToken => DirectTarget.DialAsync(address, port, cancellationToken), id.TargetScheme == "https", path, query, host);
            return;
        }
        await HttpForwarder.ForwardAsync(context, DirectTarget.Client, new Uri($"{id.TargetScheme}://{host}{path.Rest}{query}"), host, path, keepAuthorization: false, _ => { },
            e => ApiErrors.ServiceUnavailable($"error trying to reach {what}: {e.InnerException?.Message ?? e.Message}"));
    }
}
