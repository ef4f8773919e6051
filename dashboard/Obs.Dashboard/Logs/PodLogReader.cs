using System.Runtime.CompilerServices;
using System.Text;
using Obs.Client.Config;
using Obs.Client.Rest;

namespace Obs.Dashboard.Logs;

/// <summary>
/// Reads a container's log through the apiserver (which relays it from the node's agent) as the
/// signed-in user: their token goes along, so the agent lets them read only the pods the API lets
/// them read. A refusal or an unreachable node comes back as an <see cref="ApiException"/>.
/// </summary>
public sealed class PodLogReader(ClusterConnection user)
{
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The last lines of the log, whole.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(LogRequest request, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        await foreach (var line in LinesAsync(request with { Follow = false }, cancellationToken)) lines.Add(line);
        return lines;
    }

    /// <summary>The log line by line as it arrives; with <see cref="LogRequest.Follow"/> it runs until the container ends or the caller cancels.</summary>
    public async IAsyncEnumerable<string> LinesAsync(LogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var http = ClusterHttpClient.Create(user, "obs-dashboard");
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(user.Server.ToString().TrimEnd('/') + request.ApiPath));
        HttpResponseMessage response;
        using (var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            headers.CancelAfter(HeadersTimeout);
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headers.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the apiserver did not answer for the log of pod {request.Pod} within {HeadersTimeout.TotalSeconds}s");
            }
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw ApiException.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line) yield return line;
        }
    }

    /// <summary>The lines that contain <paramref name="search"/> (ignoring case); all of them when it is blank.</summary>
    public static IReadOnlyList<string> Filter(IReadOnlyList<string> lines, string? search) =>
        string.IsNullOrWhiteSpace(search) ? lines : lines.Where(l => l.Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
}
