using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// The table of reserved cluster IPs and node ports. A reservation is one insert, so it is atomic
/// across apiserver processes; the Service object itself is written afterwards and a reservation
/// whose write failed is released by the caller or, after a crash, by the repair loop.
/// </summary>
public sealed class ServiceAllocationStore(NpgsqlDataSource dataSource)
{
    private const string ReserveSql = """
        with inserted as (
            insert into obs_service_allocations (kind, value, namespace, name, uid) values ($1, $2, $3, $4, $5)
            on conflict (kind, value) do nothing
            returning uid)
        select uid from inserted
        union all
        select uid from obs_service_allocations where kind = $1 and value = $2
        limit 1
        """;

    private const string ReleaseSql = "delete from obs_service_allocations where kind = $1 and value = any($2) and uid = $3";
    private const string ListSql = "select kind, value, namespace, name, uid, allocated_at from obs_service_allocations";
    private const string UsedSql = "select value from obs_service_allocations where kind = $1";

    /// <summary>Reserves <paramref name="value"/> for the Service with <paramref name="uid"/>; false when another Service holds it.</summary>
    public async Task<bool> TryReserveAsync(string kind, string value, string ns, string name, string uid, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(ReserveSql);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ns });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = uid });
        var holder = (string?)await cmd.ExecuteScalarAsync(cancellationToken);
        return holder == uid;
    }

    /// <summary>Releases what the Service with <paramref name="uid"/> holds among <paramref name="values"/>.</summary>
    public async Task ReleaseAsync(string kind, IReadOnlyCollection<string> values, string uid, CancellationToken cancellationToken)
    {
        if (values.Count == 0) return;
        await using var cmd = dataSource.CreateCommand(ReleaseSql);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = uid });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every value of <paramref name="kind"/> reserved now (to find a free one when random picks keep colliding).</summary>
    public async Task<HashSet<string>> UsedAsync(string kind, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(UsedSql);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var used = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) used.Add(reader.GetString(0));
        return used;
    }

    public async Task<List<ServiceAllocation>> ListAsync(CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(ListSql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var all = new List<ServiceAllocation>();
        while (await reader.ReadAsync(cancellationToken))
            all.Add(new ServiceAllocation(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        return all;
    }
}
