namespace Obs.ApiServer.Metrics;

/// <summary>One request counted in a gauge while it runs; disposing it takes it out again.</summary>
public readonly struct InFlightRequest(Action end) : IDisposable
{
    public void Dispose() => end();
}
