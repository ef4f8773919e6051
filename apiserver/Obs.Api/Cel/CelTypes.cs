namespace Obs.Api.Cel;

/// <summary>CEL's names for the types of values, as errors and <c>type()</c> print them.</summary>
internal static class CelTypes
{
    public static string NameOf(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        byte[] => "bytes",
        CelList => "list",
        CelMap => "map",
        TimeSpan => "google.protobuf.Duration",
        DateTimeOffset => "google.protobuf.Timestamp",
        CelQuantity => "kubernetes.Quantity",
        CelUrl => "kubernetes.URL",
        CelType => "type",
        CelOptional => "optional_type",
        CelIp => "net.IP",
        CelCidr => "net.CIDR",
        CelSemver => "kubernetes.Semver",
        CelNamedFormat => "kubernetes.NamedFormat",
        _ => value.GetType().Name,
    };
}

/// <summary>A type as a value (<c>type(x)</c>, <c>int</c>, <c>string</c>...), compared by name.</summary>
public sealed record CelType(string Name);
