using Obs.Api.Errors;

namespace Obs.ApiServer.Http;

/// <summary>
/// The rules Kubernetes checks on a LIST's or a WATCH's options before reading (ValidateListOptions, with the
/// WatchList feature on, as in 1.32). Broken, they are a 422 on ListOptions naming the field, as kubectl and
/// client-go expect (client-go falls back from a streaming list to a LIST on it), instead of being ignored.
/// </summary>
internal static class ListOptionsValidation
{
    public const string Exact = "Exact";
    public const string NotOlderThan = "NotOlderThan";

    public static void Check(QueryOptions query, bool watch)
    {
        var errors = watch ? WatchErrors(query) : ListErrors(query);
        if (errors.Count > 0) throw ApiErrors.InvalidOptions("ListOptions", errors);
    }

    /// <summary>
    /// A LIST: a <c>resourceVersionMatch</c> needs a <c>resourceVersion</c>, goes with no <c>continue</c>, is
    /// Exact or NotOlderThan, and Exact cannot ask for "0"; <c>sendInitialEvents</c> belongs to watches only.
    /// </summary>
    private static List<FieldError> ListErrors(QueryOptions query)
    {
        var errors = new List<FieldError>();
        if (query.ResourceVersionMatch is { Length: > 0 } match)
        {
            if (string.IsNullOrEmpty(query.ResourceVersion))
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            if (query.Continue is not null)
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            if (match is not (Exact or NotOlderThan))
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, [Exact, NotOlderThan, ""]));
            if (match == Exact && query.ResourceVersion == "0")
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
        if (query.SendInitialEvents is not null)
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        return errors;
    }

    /// <summary>
    /// A WATCH: <c>sendInitialEvents</c> (true or false) needs <c>resourceVersionMatch=NotOlderThan</c>, and a
    /// <c>resourceVersionMatch</c> is only NotOlderThan, only with <c>sendInitialEvents</c> and never with <c>continue</c>.
    /// </summary>
    private static List<FieldError> WatchErrors(QueryOptions query)
    {
        var errors = new List<FieldError>();
        var match = query.ResourceVersionMatch ?? "";
        if (query.SendInitialEvents is not null && match != NotOlderThan)
            errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        if (match.Length > 0)
        {
            if (query.SendInitialEvents is null)
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            if (match != NotOlderThan)
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, [NotOlderThan]));
            if (query.Continue is not null)
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }
        return errors;
    }
}
