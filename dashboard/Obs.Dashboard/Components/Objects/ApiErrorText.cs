using Obs.Client.Rest;

namespace Obs.Dashboard.Components.Objects;

/// <summary>An API failure in words for the user: the Status reason and message, or that the API could not be reached.</summary>
public static class ApiErrorText
{
    public static string Describe(Exception e) => e is ApiException api ? $"{api.Reason}: {api.Message}" : $"The API is unreachable: {e.Message}";
}
