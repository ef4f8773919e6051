namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// The bearer token the apiserver shows an agent when it scrapes it: the first token of the static
/// token file (the cluster admin's). An agent checks a token by asking an apiserver whether it may
/// read the Node, so the token must be one every replica knows: a per-process token would fail
/// behind a load balancer, the shared file does not.
/// </summary>
public static class AgentCredential
{
    public static string? FromTokenFile(string path)
    {
        if (!File.Exists(path)) return null;
        var first = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        return first?.Split(',')[0].Trim();
    }
}
