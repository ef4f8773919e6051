namespace Obs.ApiServer.Services;

/// <summary>The values one Service write reserved: released again if the write does not happen.</summary>
public sealed class ServiceReservations(string uid)
{
    public string Uid { get; } = uid;

    public HashSet<(string Kind, string Value)> Made { get; } = [];
}
