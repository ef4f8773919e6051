using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Registry;

/// <summary>The merge facts of each resource's type, for strategic merge patch and server-side apply.</summary>
public static class MergeSchemas
{
    public static IMergeSchema? For(ResourceType type) => null;
}
