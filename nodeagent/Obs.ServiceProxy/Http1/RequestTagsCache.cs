using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Http1;

/// <summary>
/// The labels of the last request a connection recorded. A keep-alive connection's requests nearly always go to the
/// same target with the same method, status and route, so building the labels (and boxing the status) once saves
/// that work on every request; anything different builds them again.
/// </summary>
internal struct RequestTagsCache
{
    private ServicePortTarget? _target;
    private string? _method;
    private int _status;
    private string? _route;
    private KeyValuePair<string, object?>[]? _tags;

    public KeyValuePair<string, object?>[] For(ServicePortTarget target, string method, int status, string? route)
    {
        if (_tags is null || !ReferenceEquals(target, _target) || !ReferenceEquals(method, _method) || status != _status || !string.Equals(route, _route, StringComparison.Ordinal))
        {
            _tags = ProxyMetrics.RequestTags(target, method, status, route);
            (_target, _method, _status, _route) = (target, method, status, route);
        }
        return _tags;
    }
}
