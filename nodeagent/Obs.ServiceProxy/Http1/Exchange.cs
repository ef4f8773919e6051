using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// One request sent on to the endpoint and waiting for its response (several when the client pipelines), or an
/// answer the proxy gives itself once every earlier response is out (<see cref="Local"/>).
/// </summary>
/// <param name="Switched">For an upgrade or CONNECT: completed true when the endpoint switched protocols, false when it answered normally.</param>
internal readonly record struct Exchange(
    ServicePortTarget Target,
    string Method,
    string? Route,
    long Started,
    bool IsHead,
    bool IsConnect,
    bool KeepAlive,
    TaskCompletionSource<bool>? Switched,
    byte[]? Local = null);
