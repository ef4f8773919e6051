namespace Obs.ApiServer.Storage;

/// <summary>One row of the change log: at a revision, an object was added, modified or deleted.</summary>
public sealed record Change(long Revision, ObjectKey Key, ChangeType Type, string Json);
