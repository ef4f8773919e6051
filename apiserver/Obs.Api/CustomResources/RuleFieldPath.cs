using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// A validation rule's <c>fieldPath</c>, relative to the node the rule sits on: <c>.spec.replicas</c>,
/// <c>.labels['app.kubernetes.io/name']</c>. Kubernetes reports a failed rule at that field.
/// </summary>
internal static class RuleFieldPath
{
    /// <summary>The error path under <paramref name="basePath"/>, or null when the schema has no such field.</summary>
    public static string? Resolve(StructuralSchema schema, string fieldPath, string basePath)
    {
        var path = basePath;
        var node = schema;
        var i = 0;
        while (i < fieldPath.Length)
        {
            string name;
            if (fieldPath[i] == '.')
            {
                var end = i + 1;
                while (end < fieldPath.Length && fieldPath[end] is not ('.' or '[')) end++;
                name = fieldPath[(i + 1)..end];
                i = end;
            }
            else if (fieldPath[i] == '[' && i + 1 < fieldPath.Length && fieldPath[i + 1] is '\'' or '"')
            {
                var quote = fieldPath[i + 1];
                var close = fieldPath.IndexOf(quote, i + 2);
                if (close < 0 || close + 1 >= fieldPath.Length || fieldPath[close + 1] != ']') return null;
                name = fieldPath[(i + 2)..close];
                i = close + 2;
            }
            else return null;
            if (name.Length == 0) return null;
            if (node.Properties.TryGetValue(name, out var property))
            {
                path = path.Child(name);
                node = property;
            }
            else if (node.AdditionalProperties is { } values)
            {
                path = path.Key(name);
                node = values;
            }
            else return null;
        }
        return path;
    }
}
