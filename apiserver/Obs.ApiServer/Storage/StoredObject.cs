namespace Obs.ApiServer.Storage;

/// <summary>An object as the database holds it: its revision and its UTF-8 JSON without resourceVersion.</summary>
public sealed record StoredObject(long Revision, byte[] Json);
