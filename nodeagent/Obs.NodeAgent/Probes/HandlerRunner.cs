using System.Net.Sockets;
using Obs.Api.Quantities;

namespace Obs.NodeAgent.Probes;

/// <summary>
/// Runs one handler once with a timeout, as the kubelet's probers do: exec succeeds on exit 0,
/// httpGet on a status from 200 to 399 (redirects followed), tcpSocket when a connection opens.
/// Used for probes and, through <see cref="Lifecycle.LifecycleHookRunner"/>, for hooks.
/// </summary>
public static class HandlerRunner
{
    // Probes do not verify certificates and do not keep connections, as the kubelet's do not.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 10,
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public const string UserAgent = "kube-probe/1.34";

    public static async Task<ProbeOutcome> RunAsync(Handler handler, IProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        switch (handler)
        {
            case ExecHandler exec:
                var result = await target.ExecAsync(exec.Command, timeout, cancellationToken);
                return result.TimedOut ? ProbeOutcome.Failure($"command timed out after {timeout.TotalSeconds}s")
                    : result.ExitCode == 0 ? ProbeOutcome.Success
                    : ProbeOutcome.Failure(result.ExitCode < 0 ? result.Output : $"command failed with exit code {result.ExitCode}: {result.Output.TrimEnd()}");
            case HttpGetHandler http:
                return await HttpGetAsync(http, target, timeout, cancellationToken);
            case TcpSocketHandler tcp:
                return await TcpAsync(tcp, target, timeout, cancellationToken);
            case SleepHandler sleep:
                await Task.Delay(sleep.Duration, cancellationToken);
                return ProbeOutcome.Success;
            case UnsupportedHandler unsupported:
                return ProbeOutcome.Failure(unsupported.Reason);
            default:
                return ProbeOutcome.Failure("unknown handler");
        }
    }

    private static int? Port(IntOrString port, IProbeTarget target) =>
        port.IntValue is { } number ? target.AssignedPort((int)number)
        : int.TryParse(port.StringValue, out var parsed) ? target.AssignedPort(parsed)
        : target.ResolvePort(port.StringValue ?? "");

    private static async Task<ProbeOutcome> HttpGetAsync(HttpGetHandler http, IProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Port(http.Port, target) is not { } port || port is <= 0 or > 65535)
        {
            return ProbeOutcome.Failure($"unknown port {http.Port}");
        }
        var scheme = http.Scheme.Equals("HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(http.Host) ? target.Host : http.Host;
        var path = http.Path.StartsWith('/') ? http.Path : "/" + http.Path;
        var url = $"{scheme}://{(host.Contains(':') ? $"[{host}]" : host)}:{port}{path}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        request.Headers.ConnectionClose = true;
        foreach (var (name, value) in http.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? ProbeOutcome.Success : ProbeOutcome.Failure($"HTTP probe failed with statuscode: {code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException refused)
        {
            // Worded as the kubelet's Go client words it, which is what users search events and alerts for.
            return ProbeOutcome.Failure($"Get \"{url}\": {DialFailure(host, port, refused)}");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": {e.Message}");
        }
    }

    private static async Task<ProbeOutcome> TcpAsync(TcpSocketHandler tcp, IProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Port(tcp.Port, target) is not { } port || port is <= 0 or > 65535)
        {
            return ProbeOutcome.Failure($"unknown port {tcp.Port}");
        }
        var host = string.IsNullOrEmpty(tcp.Host) ? target.Host : tcp.Host;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, deadline.Token);
            return ProbeOutcome.Success;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failure(DialFailure(host, port, e));
        }
    }

    /// <summary>A failed connect as Go reports it: <c>dial tcp 10.0.0.5:8080: connect: connection refused</c>.</summary>
    private static string DialFailure(string host, int port, SocketException e) => $"dial tcp {host}:{port}: connect: {e.Message.ToLowerInvariant()}";
}
