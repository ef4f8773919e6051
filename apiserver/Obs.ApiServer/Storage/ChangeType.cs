namespace Obs.ApiServer.Storage;

/// <summary>The kind of change a row of the change log records; the numbers are stored.</summary>
public enum ChangeType : short
{
    Added = 0,
    Modified = 1,
    Deleted = 2,
}
