using System.Diagnostics;
using Npgsql;

namespace Obs.Bench.Load;

/// <summary>
/// The anchor measured in the same run: PostgreSQL alone, INSERT … RETURNING of the Pod's JSON
/// from as many connections as the apiserver has clients, one fsynced commit each. On a shared
/// machine the ratio to this says more than either figure alone.
/// </summary>
internal static class PostgresInserts
{
    /// <param name="notify">Also NOTIFY in each transaction, as the apiserver's change-log trigger does.</param>
    private const string InsertSql = "insert into bench_inserts (name, data) values ($1, $2) returning id";
    private const string InsertNotifySql = "with ins as (insert into bench_inserts (name, data) values ($1, $2) returning id) select id, pg_notify('bench_inserts', '') from ins";

    public static async Task<CreateRun> RunAsync(string databaseUrl, int clients, int count, bool notify, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(databaseUrl);
        await using (var create = dataSource.CreateCommand("create table if not exists bench_inserts (id bigserial primary key, name text not null, data text not null)"))
            await create.ExecuteNonQueryAsync(cancellationToken);
        var next = -1;
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count) return;
                var start = Stopwatch.GetTimestamp();
                await using var insert = new NpgsqlCommand(notify ? InsertNotifySql : InsertSql, connection);
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PodManifests.PodName(index) + (notify ? "-n" : "") });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = System.Text.Encoding.UTF8.GetString(PodManifests.Pod(index)) });
                await insert.ExecuteScalarAsync(cancellationToken);
                latencies[index] = LatencySample.Milliseconds(start, Stopwatch.GetTimestamp());
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        return new CreateRun(count, clock.Elapsed, new LatencySample(latencies), 0, null);
    }
}
