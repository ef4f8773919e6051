using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>Applies migrations when the host starts, before the change feed reads anything.</summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Migrator.ApplyAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
