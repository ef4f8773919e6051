using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>
/// Puts a merged list in the order Kubernetes gives it: elements named by the order list (the patch list or
/// <c>$setElementOrder</c>) follow that list, elements only on the server keep their live order, and each
/// server-only element goes in front of the first ordered element that came after it in the live list.
/// </summary>
internal static class ListOrder
{
    /// <param name="merged">The merged elements, in any order.</param>
    /// <param name="order">The order the patch asks for: patch elements or <c>{mergeKey: value}</c> stubs.</param>
    /// <param name="live">The live list before the merge, which decides where server-only elements go.</param>
    /// <param name="mergeKey">The key elements are told apart by; null compares whole values (primitive lists).</param>
    public static List<JsonNode?> Normalize(List<JsonNode?> merged, IReadOnlyList<JsonNode?> order, IReadOnlyList<JsonNode?> live, string? mergeKey)
    {
        var ordered = new List<(JsonNode? Node, int Index)>();
        var serverOnly = new List<(JsonNode? Node, int Index)>();
        foreach (var node in merged)
        {
            var inOrder = IndexOf(order, node, mergeKey);
            if (inOrder >= 0) ordered.Add((node, inOrder));
            else serverOnly.Add((node, IndexOf(live, node, mergeKey)));
        }
        // OrderBy is stable; server-only elements missing from the live list (none in practice) go last.
        var right = ordered.OrderBy(e => e.Index).ToList();
        var left = serverOnly.OrderBy(e => e.Index < 0 ? int.MaxValue : e.Index).ToList();

        var result = new List<JsonNode?>(merged.Count);
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            var leftLive = left[i].Index;
            var rightLive = IndexOf(live, right[j].Node, mergeKey);
            if (leftLive >= 0 && rightLive >= 0 && leftLive < rightLive) result.Add(left[i++].Node);
            else result.Add(right[j++].Node);
        }
        while (i < left.Count) result.Add(left[i++].Node);
        while (j < right.Count) result.Add(right[j++].Node);
        return result;
    }

    /// <summary>Where <paramref name="node"/> sits in <paramref name="list"/>, matched by merge key (or by value); -1 when absent.</summary>
    public static int IndexOf(IReadOnlyList<JsonNode?> list, JsonNode? node, string? mergeKey)
    {
        var hasKey = TryKey(node, mergeKey, out var key);
        for (var k = 0; k < list.Count; k++)
        {
            if (ReferenceEquals(list[k], node) && node is not null) return k;
            if (hasKey && TryKey(list[k], mergeKey, out var other) && JsonNode.DeepEquals(key, other)) return k;
        }
        return -1;
    }

    /// <summary>The identity of a list element: its merge key's value, or the element itself for primitive lists.</summary>
    public static bool TryKey(JsonNode? node, string? mergeKey, out JsonNode? key)
    {
        if (mergeKey is null)
        {
            key = node;
            return true;
        }
        key = null;
        return node is JsonObject obj && obj.TryGetPropertyValue(mergeKey, out key);
    }
}
