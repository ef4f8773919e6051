namespace Obs.ApiServer.Storage;

/// <summary>The outcome of a compare-and-swap write.</summary>
public enum WriteStatus
{
    Written,
    /// <summary>Create: an object with that key exists.</summary>
    AlreadyExists,
    /// <summary>Update or delete: the object's revision is not the expected one.</summary>
    Conflict,
    /// <summary>Update or delete: there is no such object.</summary>
    NotFound,
}

/// <summary>What a write did, and the revision it took when it was written.</summary>
public readonly record struct WriteResult(WriteStatus Status, long Revision)
{
    public static WriteResult Failed(WriteStatus status) => new(status, 0);
}
