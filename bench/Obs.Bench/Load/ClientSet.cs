namespace Obs.Bench.Load;

/// <summary>Several clients of one server, disposed together.</summary>
internal sealed class ClientSet(IReadOnlyList<HttpClient> clients) : IDisposable
{
    public IReadOnlyList<HttpClient> All { get; } = clients;

    public void Dispose()
    {
        foreach (var client in All) client.Dispose();
    }
}
