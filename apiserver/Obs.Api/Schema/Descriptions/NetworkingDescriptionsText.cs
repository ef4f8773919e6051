namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the networking.k8s.io/v1 kinds.</summary>
internal static class NetworkingDescriptionsText
{
    public const string Text = """
        package networking

        Ingress: HTTP and HTTPS routes from outside the cluster to Services, by host name and path. On Obs, the node agents'
            ingress proxy serves Ingresses of class obs (the default) on every node's address, at ports 80 and 443.
          spec: The routes, the default backend and the TLS hosts.
          status: The addresses the Ingress is reached at.

        IngressSpec: What an Ingress routes.
          ingressClassName: The IngressClass, which names the controller that serves this Ingress. Default: the class marked
              as default (obs).
          defaultBackend: Where requests go that match no rule.
          tls: Host names served over HTTPS, and the Secrets with their certificates.
          rules: Routes by host name, then by path: the longest path that matches wins.

        IngressTLS: HTTPS for some host names.
          hosts: The host names the certificate is for; the proxy picks it by the name the client asks for (SNI).
          secretName: A Secret of type kubernetes.io/tls, in the Ingress's namespace, holding the certificate and key.

        IngressRule: The routes of one host name.
          host: The host name the request must be for; *.example.com matches one label. Empty: any host.

        IngressRuleValue: How requests for the host are routed.
          http: Routes by path.

        HTTPIngressRuleValue: Routes by path.
          paths: The paths and where each goes.

        HTTPIngressPath: One path route.
          path: The path the request must start with (by whole segments with Prefix, the exact path with Exact).
          pathType: Prefix, Exact, or ImplementationSpecific (served as Prefix on Obs). With the annotation
              nginx.ingress.kubernetes.io/use-regex, Prefix and ImplementationSpecific paths are regular expressions.
          backend: The Service and port the request goes to.

        IngressBackend: Where requests go.
          service: A Service and port.
          resource: Another object instead of a Service. Not served by Obs's proxy.

        IngressServiceBackend: A Service in the Ingress's namespace.
          name: The Service's name.
          port: The Service's port, by number or by name.

        ServiceBackendPort: A Service port. Set one field.
          name: The port's name.
          number: The port's number.

        IngressStatus: Where an Ingress is reached.
          loadBalancer: The addresses: on Obs, those of the Ready nodes.

        IngressClass: A kind of Ingress, and the controller that serves it. Obs serves the class obs.
          spec: The controller's name and parameters.

        IngressClassSpec: The controller of an IngressClass.
          controller: The controller's name, such as obs.dev/ingress.
          parameters: An object with settings for the controller.
        """;
}
