using Obs.Client.Rest;

namespace Obs.Dashboard.Components.Objects;

/// <summary>What an action did, in words for the user: done, or the API's refusal (its reason and message).</summary>
public sealed record ActionOutcome(bool Succeeded, string Message)
{
    public static ActionOutcome Done(string message) => new(true, message);

    public static ActionOutcome Failed(string message) => new(false, message);

    /// <summary>
    /// Runs an action against the API and turns the ways it can fail into a message: the API's
    /// Status (403, 409, 422…), or the API being unreachable. Nothing escapes as a 500.
    /// </summary>
    public static async Task<ActionOutcome> RunAsync(Func<Task<string>> action)
    {
        try
        {
            return Done(await action());
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException)
        {
            return Failed(ApiErrorText.Describe(e));
        }
        catch (InvalidOperationException e)
        {
            return Failed(e.Message);
        }
    }
}
