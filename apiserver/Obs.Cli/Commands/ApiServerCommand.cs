using System.CommandLine;
using System.Net;
using Obs.ApiServer;
using Obs.ApiServer.Alerting;

namespace Obs.Cli.Commands;

/// <summary><c>obs apiserver</c>: runs one apiserver in the foreground until SIGTERM or Ctrl-C.</summary>
public static class ApiServerCommand
{
    public static Command Create()
    {
        var address = new Option<string>("--address") { Description = "IP address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTPS port", DefaultValueFactory = _ => 6443 };
        var cert = new Option<string>("--tls-cert-file") { Description = "PEM serving certificate", Required = true };
        var key = new Option<string>("--tls-private-key-file") { Description = "PEM key of the serving certificate", Required = true };
        var tokens = new Option<string>("--token-auth-file") { Description = "static token file: token,user,uid,\"groups\"", Required = true };
        var database = new Option<string>("--database-url") { Description = "PostgreSQL connection string (default: $OBS_DATABASE_URL)" };
        var alertmanager = new Option<string>("--alertmanager-url") { Description = "Alertmanager base URL, where the on-call receiver creates silences" };
        var serviceRange = new Option<string>("--service-cluster-ip-range")
        {
            Description = "loopback CIDR cluster IPs come from (every node agent listens on every Service address); cluster DNS is its tenth address",
            DefaultValueFactory = _ => ApiServerOptions.DefaultServiceClusterIpRange,
        };
        var nodePortRange = new Option<string>("--service-node-port-range") { Description = "ports NodePort Services are given", DefaultValueFactory = _ => "30000-32767" };
        var forward = new AlertForwardOptions();
        var tolerations = new TolerationSecondsOptions();
        var command = new Command("apiserver", "Run an apiserver in the foreground") { address, port, cert, key, tokens, database, alertmanager, serviceRange, nodePortRange };
        foreach (var option in forward.All.Concat(tolerations.All)) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(database) ?? Environment.GetEnvironmentVariable("OBS_DATABASE_URL");
            if (string.IsNullOrEmpty(url))
            {
                Console.Error.WriteLine("obs apiserver: --database-url or OBS_DATABASE_URL is required");
                return 2;
            }
            var errors = new List<string>();
            var (forwardUrl, email) = forward.Read(parse, errors);
            var tolerationSeconds = tolerations.Read(parse, errors);
            if (ServiceRanges.Problem(parse.GetValue(serviceRange)!, parse.GetValue(nodePortRange)!) is { } problem) errors.Add(problem);
            if (errors.Count > 0)
            {
                foreach (var error in errors) Console.Error.WriteLine($"obs apiserver: {error}");
                return 2;
            }
            var options = new ApiServerOptions
            {
                Address = IPAddress.Parse(parse.GetValue(address)!),
                Port = parse.GetValue(port),
                TlsCertFile = parse.GetValue(cert),
                TlsKeyFile = parse.GetValue(key),
                TokenFile = parse.GetValue(tokens)!,
                DatabaseUrl = url,
                ServiceClusterIpRange = parse.GetValue(serviceRange)!,
                ServiceNodePortRange = parse.GetValue(nodePortRange)!,
                DefaultTolerationSeconds = tolerationSeconds,
                Alerting = new AlertingOptions
                {
                    AlertmanagerUrl = parse.GetValue(alertmanager) is { Length: > 0 } am ? new Uri(am) : null,
                    ForwardUrl = forwardUrl,
                    Email = email,
                },
            };
            await using var host = ApiServerHost.Create(options);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
