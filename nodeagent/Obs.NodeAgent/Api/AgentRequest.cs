using System.Text;

namespace Obs.NodeAgent.Api;

/// <summary>The head of one HTTP/1.1 request to the agent API: method, path, query (repeated keys kept) and headers.</summary>
public sealed record AgentRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? QueryValue(string name) => Query.LastOrDefault(q => q.Key == name).Value;

    public bool QueryFlag(string name) => QueryValue(name) is "true" or "1";

    public IReadOnlyList<string> QueryValues(string name) => Query.Where(q => q.Key == name).Select(q => q.Value).ToList();

    /// <summary>Reads the request head byte by byte up to the blank line (heads are small; bodies are not read).</summary>
    public static async Task<AgentRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return null;
            head.Append((char)one[0]);
            if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') break;
        }
        var lines = head.ToString().Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3) return null;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var target = requestLine[1];
        var question = target.IndexOf('?');
        var path = Uri.UnescapeDataString(question < 0 ? target : target[..question]);
        var query = new List<KeyValuePair<string, string>>();
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
                query.Add(new(key, value));
            }
        }
        return new AgentRequest(requestLine[0], path, query, headers);
    }
}
