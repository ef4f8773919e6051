namespace Obs.ApiServer.Http;

/// <summary>
/// Requests that last as long as the client wants, as kube-apiserver's long-running check names
/// them: watches and the streaming subresources. They are not in-flight work, are counted apart,
/// and their bodies are streamed, never held back.
/// </summary>
public static class LongRunningRequest
{
    public static bool Is(RequestInfo? info) =>
        info is not null && (info.Verb == "watch" || info.Subresource is "log" or "exec" or "attach" or "portforward" or "proxy");

    /// <summary>Subresources served by a connection to the node (kube-apiserver reports their verb as CONNECT).</summary>
    public static bool IsConnect(RequestInfo info) => info.Subresource is "exec" or "attach" or "portforward" or "proxy";
}
