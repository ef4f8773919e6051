namespace Obs.ApiServer.Storage;

/// <summary>An object as the database holds it: its revision and its JSON without resourceVersion.</summary>
public sealed record StoredObject(long Revision, string Json);
