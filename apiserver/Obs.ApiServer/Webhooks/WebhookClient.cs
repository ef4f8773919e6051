namespace Obs.ApiServer.Webhooks;

/// <summary>
/// Where a webhook listens: a URL, or a Service reference (namespace, name, port, path). The CA bundle is the only
/// root its serving certificate may chain to.
/// </summary>
public sealed record WebhookClient(Uri? Url, string? ServiceNamespace, string? ServiceName, int ServicePort, string ServicePath, byte[] CaBundle)
{
    /// <summary>The host name the serving certificate must name: the URL's host, or <c>NAME.NAMESPACE.svc</c> as kube-apiserver checks it.</summary>
    public string ServerName => Url?.IdnHost ?? $"{ServiceName}.{ServiceNamespace}.svc";

    /// <summary>How errors name the target: the URL, or the Service as kube-apiserver names it.</summary>
    public string Describe() => Url?.ToString() ?? $"https://{ServerName}:{ServicePort}{ServicePath}";
}
