using Obs.Client.Rest;

namespace Obs.Dashboard.Auth;

/// <summary>A token the API accepted: what the page shows as the user, and a client acting with that token.</summary>
public sealed record UserSession(string Name, ApiClient Api);
