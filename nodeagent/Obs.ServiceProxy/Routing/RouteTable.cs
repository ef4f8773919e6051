namespace Obs.ServiceProxy.Routing;

/// <summary>
/// The routes a Service declares in its <see cref="Annotation"/> (comma-separated templates), which give
/// its request metrics an <c>http_route</c> label. Only declared templates ever become label values, so
/// the label stays low-cardinality; a path no template matches gets no route label at all.
/// Templates are tried in the order declared: the first match wins.
/// </summary>
internal sealed class RouteTable
{
    public const string Annotation = "obs.dev/routes";

    private readonly RouteTemplate[] _templates;

    private RouteTable(RouteTemplate[] templates) => _templates = templates;

    public IReadOnlyList<RouteTemplate> Templates => _templates;

    /// <returns>Null when the annotation is missing or declares no valid template.</returns>
    public static RouteTable? Parse(string? annotation)
    {
        if (string.IsNullOrWhiteSpace(annotation)) return null;
        var templates = annotation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(RouteTemplate.Parse)
            .OfType<RouteTemplate>()
            .DistinctBy(t => t.Text, StringComparer.Ordinal)
            .ToArray();
        return templates.Length == 0 ? null : new RouteTable(templates);
    }

    public string? Match(ReadOnlySpan<char> path)
    {
        foreach (var template in _templates)
        {
            if (template.Matches(path)) return template.Text;
        }
        return null;
    }
}
