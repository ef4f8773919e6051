namespace Obs.ApiServer.Storage;

/// <summary>One row of the change log: at a revision, an object was added, modified or deleted.</summary>
public sealed record Change(long Revision, ObjectKey Key, ChangeType Type, StoredJson Json)
{
    /// <summary>When the change was written (the database's clock); null where unknown.</summary>
    public DateTimeOffset? WrittenAt { get; init; }
}
