using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>
/// A <c>DeleteOptions</c> object, as the body of a DELETE or inside an Eviction, laid over the
/// options the query gave; 400 for values Kubernetes rejects.
/// </summary>
public static class DeleteOptionsBody
{
    public static DeleteOptions Apply(DeleteOptions options, JsonObject? body)
    {
        if (body is null) return Checked(options);
        var dryRun = body["dryRun"] is JsonArray d && d.Any(v => v?.GetValue<string>() == "All");
        return Checked(options with
        {
            PropagationPolicy = body.StringAt("propagationPolicy") ?? options.PropagationPolicy,
            GracePeriodSeconds = body.LongAt("gracePeriodSeconds") ?? options.GracePeriodSeconds,
            PreconditionUid = body.StringAt("preconditions", "uid"),
            PreconditionResourceVersion = body.StringAt("preconditions", "resourceVersion"),
            DryRun = options.DryRun || dryRun,
        });
    }

    private static DeleteOptions Checked(DeleteOptions options)
    {
        if (options.PropagationPolicy is not (null or "Orphan" or "Background" or "Foreground"))
            throw ApiErrors.BadRequest($"propagationPolicy: Unsupported value: \"{options.PropagationPolicy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        if (options.GracePeriodSeconds < 0)
            throw ApiErrors.BadRequest("gracePeriodSeconds: Invalid value: must be greater than or equal to 0");
        return options;
    }
}
