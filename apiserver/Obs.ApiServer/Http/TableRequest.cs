namespace Obs.ApiServer.Http;

/// <summary>
/// Whether the client asked for <c>meta.k8s.io Table</c> output (kubectl's <c>get</c> does, in its
/// Accept header), and how much of each object a row carries (<c>includeObject</c>).
/// </summary>
public sealed record TableRequest(string IncludeObject)
{
    public static TableRequest? From(string? accept, string? includeObject)
    {
        if (accept is null || !accept.Contains("as=Table", StringComparison.Ordinal)) return null;
        // The first acceptable type wins: Table is asked for first when it is wanted at all.
        var first = accept.Split(',')[0];
        if (!first.Contains("as=Table", StringComparison.Ordinal)) return null;
        return new TableRequest(includeObject is "None" or "Object" ? includeObject : "Metadata");
    }
}
