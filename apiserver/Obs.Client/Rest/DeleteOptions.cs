using System.Text.Json.Nodes;

namespace Obs.Client.Rest;

/// <summary>The <c>DeleteOptions</c> body of a DELETE.</summary>
public sealed record DeleteOptions
{
    /// <summary><c>Orphan</c>, <c>Background</c> or <c>Foreground</c>; null leaves the resource's default.</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }

    /// <summary>Delete only if the object still has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the object is still at this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }

    public static DeleteOptions Background { get; } = new() { PropagationPolicy = "Background" };
    public static DeleteOptions Foreground { get; } = new() { PropagationPolicy = "Foreground" };
    public static DeleteOptions Orphan { get; } = new() { PropagationPolicy = "Orphan" };

    internal JsonObject ToJson()
    {
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (PropagationPolicy is not null) body["propagationPolicy"] = PropagationPolicy;
        if (GracePeriodSeconds is { } grace) body["gracePeriodSeconds"] = grace;
        if (PreconditionUid is not null || PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (PreconditionUid is not null) preconditions["uid"] = PreconditionUid;
            if (PreconditionResourceVersion is not null) preconditions["resourceVersion"] = PreconditionResourceVersion;
            body["preconditions"] = preconditions;
        }
        if (DryRun) body["dryRun"] = new JsonArray("All");
        return body;
    }
}
