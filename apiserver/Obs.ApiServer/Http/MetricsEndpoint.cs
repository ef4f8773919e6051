using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Http;

/// <summary>/metrics (placeholder until the exposition library lands).</summary>
public sealed class MetricsEndpoint
{
    public Task WriteAsync(HttpContext context) => throw ApiErrors.ServiceUnavailable("metrics not wired yet");
}
