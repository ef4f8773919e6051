namespace Obs.ApiServer.Auth;

/// <summary>Who made a request, as the authenticator established it.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups);
