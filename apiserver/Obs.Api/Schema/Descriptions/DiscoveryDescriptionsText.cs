namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the discovery.k8s.io/v1 kinds.</summary>
internal static class DiscoveryDescriptionsText
{
    public const string Text = """
        package discovery

        EndpointSlice: Part of the addresses that serve a Service, kept by the EndpointSlice controller for Services with a
            selector. The node agents' proxy and the cluster DNS read them. Labeled kubernetes.io/service-name.
          addressType: IPv4, IPv6 or FQDN.
          endpoints: The addresses, each with its readiness.
          ports: The ports every endpoint of the slice serves. Endpoints with other ports (on Obs, pods whose port the
              node agent moved) are in another slice.

        Endpoint: One pod serving a Service.
          addresses: The pod's address; on Obs, the node's, since pods share the node's network.
          conditions: Whether the endpoint is ready, serving and terminating.
          hostname: The pod's host name, for DNS.
          nodeName: The node the pod runs on.
          targetRef: The pod.
          zone: The zone of the node.

        EndpointConditions: The state of an endpoint.
          ready: Whether it should receive new connections: serving and not terminating.
          serving: Whether the pod is ready, terminating or not.
          terminating: Whether the pod is being deleted.

        EndpointPort: One port of an EndpointSlice.
          name: The Service port's name.
          port: The port number.
          protocol: TCP, UDP or SCTP.
          appProtocol: The application protocol, from the Service port.
        """;
}
