namespace Obs.Api.Validation;

/// <summary>Builds field paths the way Kubernetes prints them: <c>spec.containers[0].name</c>, <c>data[key]</c>.</summary>
internal static class FieldPath
{
    public static string Child(this string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Child(this string path, string name, params string[] more)
    {
        var result = path.Child(name);
        foreach (var n in more) result = result.Child(n);
        return result;
    }

    public static string Index(this string path, int index) => $"{path}[{index}]";

    public static string Key(this string path, string key) => $"{path}[{key}]";
}
