using System.Text.Json.Nodes;

namespace Obs.Api.Apply;

/// <summary>
/// A set of field paths, held as a tree as Kubernetes holds <c>managedFields[].fieldsV1</c>: a node is a
/// member when the path to it is in the set, and has children for longer paths through it. Immutable:
/// every operation returns a new set.
/// </summary>
public sealed class FieldSet
{
    public static readonly FieldSet Empty = new(false, new SortedDictionary<string, FieldSet>(PathElement.Order));

    private readonly SortedDictionary<string, FieldSet> _children;

    private FieldSet(bool isMember, SortedDictionary<string, FieldSet> children)
    {
        IsMember = isMember;
        _children = children;
    }

    /// <summary>True when the path leading to this node is itself in the set.</summary>
    public bool IsMember { get; }

    /// <summary>The subsets below each path element; never holds empty subsets.</summary>
    public IReadOnlyDictionary<string, FieldSet> Children => _children;

    public bool IsEmpty => !IsMember && _children.Count == 0;

    /// <summary>Reads the FieldsV1 JSON form; throws <see cref="FormatException"/> when an element is malformed.</summary>
    public static FieldSet FromFieldsV1(JsonObject fieldsV1) => Read(fieldsV1, isMember: false);

    /// <summary>A set holding exactly the given paths (each a list of path elements such as <c>f:spec</c>).</summary>
    public static FieldSet Of(params IEnumerable<IReadOnlyList<string>> paths)
    {
        var builder = new Builder();
        foreach (var path in paths) builder.Insert(path);
        return builder.Build();
    }

    /// <summary>The FieldsV1 JSON form: a member with children carries <c>".": {}</c>, a member leaf is <c>{}</c>.</summary>
    public JsonObject ToFieldsV1()
    {
        var obj = new JsonObject();
        if (IsMember && _children.Count > 0) obj[PathElement.Self] = new JsonObject();
        foreach (var (element, child) in _children) obj[element] = child.ToFieldsV1();
        return obj;
    }

    public bool Has(params IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node)) return false;
        }
        return node.IsMember;
    }

    /// <summary>The subset below one path element (the paths that start with it, without it); empty when none.</summary>
    public FieldSet Child(string element) => _children.TryGetValue(element, out var child) ? child : Empty;

    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        var children = new SortedDictionary<string, FieldSet>(_children, PathElement.Order);
        foreach (var (element, child) in other._children)
        {
            children[element] = children.TryGetValue(element, out var mine) ? mine.Union(child) : child;
        }
        return new FieldSet(IsMember || other.IsMember, children);
    }

    /// <summary>The paths in this set that are not in <paramref name="other"/>; membership is per path, so removing a node keeps its children.</summary>
    public FieldSet Difference(FieldSet other)
    {
        if (IsEmpty || other.IsEmpty) return this;
        var children = new SortedDictionary<string, FieldSet>(PathElement.Order);
        foreach (var (element, child) in _children)
        {
            var rest = other._children.TryGetValue(element, out var theirs) ? child.Difference(theirs) : child;
            if (!rest.IsEmpty) children[element] = rest;
        }
        return Make(IsMember && !other.IsMember, children);
    }

    public FieldSet Intersection(FieldSet other)
    {
        if (IsEmpty || other.IsEmpty) return Empty;
        var children = new SortedDictionary<string, FieldSet>(PathElement.Order);
        foreach (var (element, child) in _children)
        {
            if (!other._children.TryGetValue(element, out var theirs)) continue;
            var both = child.Intersection(theirs);
            if (!both.IsEmpty) children[element] = both;
        }
        return Make(IsMember && other.IsMember, children);
    }

    /// <summary>This set without the whole subtree below one top-level element (e.g. <c>f:status</c>).</summary>
    public FieldSet WithoutSubtree(string element)
    {
        if (!_children.ContainsKey(element)) return this;
        var children = new SortedDictionary<string, FieldSet>(_children, PathElement.Order);
        children.Remove(element);
        return Make(IsMember, children);
    }

    /// <summary>Only the paths below one top-level element, kept under it.</summary>
    public FieldSet OnlySubtree(string element)
    {
        var children = new SortedDictionary<string, FieldSet>(PathElement.Order);
        if (_children.TryGetValue(element, out var child)) children[element] = child;
        return Make(false, children);
    }

    /// <summary>
    /// Every member path, in the order structured-merge-diff walks a set: the members at one level
    /// (sorted), then the subtrees below it (sorted).
    /// </summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var prefix = new List<string>();
        var result = new List<IReadOnlyList<string>>();
        Collect(this, prefix, result);
        return result;
    }

    /// <summary>Member paths printed as Kubernetes prints them (<c>.spec.replicas</c>).</summary>
    public IEnumerable<string> DisplayPaths() => Paths().Select(p => PathElement.Display(p));

    public override string ToString() => ToFieldsV1().ToJsonString();

    private static void Collect(FieldSet node, List<string> prefix, List<IReadOnlyList<string>> result)
    {
        foreach (var (element, child) in node._children)
        {
            if (child.IsMember) result.Add([.. prefix, element]);
        }
        foreach (var (element, child) in node._children)
        {
            if (child._children.Count == 0) continue;
            prefix.Add(element);
            Collect(child, prefix, result);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private static FieldSet Make(bool isMember, SortedDictionary<string, FieldSet> children) =>
        !isMember && children.Count == 0 ? Empty : new FieldSet(isMember, children);

    private static FieldSet Read(JsonObject obj, bool isMember)
    {
        var children = new SortedDictionary<string, FieldSet>(PathElement.Order);
        foreach (var (element, value) in obj)
        {
            if (element == PathElement.Self)
            {
                isMember = true;
                continue;
            }
            if (value is not JsonObject child) throw new FormatException($"value of \"{element}\" is not an object");
            var key = PathElement.Normalize(element);
            // A leaf ({}) is a member; an inner node is a member only when it says so with ".".
            var subset = Read(child, isMember: child.Count == 0);
            children[key] = children.TryGetValue(key, out var existing) ? existing.Union(subset) : subset;
        }
        return new FieldSet(isMember, children);
    }

    /// <summary>Collects paths one at a time; used while walking objects.</summary>
    internal sealed class Builder
    {
        private bool _isMember;
        private readonly SortedDictionary<string, Builder> _children = new(PathElement.Order);

        public void Insert(IReadOnlyList<string> path)
        {
            var node = this;
            foreach (var element in path)
            {
                if (!node._children.TryGetValue(element, out var child))
                {
                    child = new Builder();
                    node._children[element] = child;
                }
                node = child;
            }
            node._isMember = true;
        }

        public FieldSet Build()
        {
            var children = new SortedDictionary<string, FieldSet>(PathElement.Order);
            foreach (var (element, child) in _children)
            {
                var built = child.Build();
                if (!built.IsEmpty) children[element] = built;
            }
            return Make(_isMember, children);
        }
    }
}
