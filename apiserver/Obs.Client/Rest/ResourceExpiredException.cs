using System.Text.Json.Nodes;

namespace Obs.Client.Rest;

/// <summary>410 Expired/Gone: the watch or list asked for history the server no longer keeps. Informers re-list on it.</summary>
public sealed class ResourceExpiredException(JsonObject status) : ApiException(status);
