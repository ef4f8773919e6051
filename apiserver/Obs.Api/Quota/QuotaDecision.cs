using System.Text.Json.Nodes;

namespace Obs.Api.Quota;

/// <summary>What quota admission decided for one write: a refusal (the 403's reason), or the quotas to charge, each with its new <c>status.used</c>.</summary>
public sealed record QuotaDecision(string? Refusal, IReadOnlyList<QuotaCharge> Charges)
{
    public static QuotaDecision None { get; } = new(null, []);

    public static QuotaDecision Refused(string why) => new(why, []);
}

/// <summary>One quota to charge: its name, the resourceVersion the charge was computed from, and the <c>status.used</c> it then has.</summary>
public sealed record QuotaCharge(string Quota, string? ResourceVersion, JsonObject Used);
