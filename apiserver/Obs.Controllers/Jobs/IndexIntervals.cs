using System.Globalization;
using System.Text;

namespace Obs.Controllers.Jobs;

/// <summary>
/// The text form of a set of completion indexes in a Job's status (<c>completedIndexes</c>,
/// <c>failedIndexes</c>): ascending, comma-separated, three or more consecutive indexes
/// written as <c>first-last</c>, so 1, 3, 4, 5 and 7 read "1,3-5,7" and 3, 4 read "3,4".
/// </summary>
public static class IndexIntervals
{
    /// <summary>The indexes below <paramref name="limit"/> in <paramref name="text"/>; parts that do not parse are skipped.</summary>
    public static SortedSet<int> Parse(string? text, int limit)
    {
        var indexes = new SortedSet<int>();
        if (string.IsNullOrEmpty(text)) return indexes;
        foreach (var part in text.Split(','))
        {
            var bounds = part.Split('-', 2);
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)) continue;
            var last = first;
            if (bounds.Length == 2 && !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out last)) continue;
            for (var i = first; i <= last && i < limit; i++) indexes.Add(i);
        }
        return indexes;
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var text = new StringBuilder();
        var sorted = indexes.Distinct().Order().ToList();
        for (var start = 0; start < sorted.Count;)
        {
            var end = start;
            while (end + 1 < sorted.Count && sorted[end + 1] == sorted[end] + 1) end++;
            if (text.Length > 0) text.Append(',');
            text.Append(sorted[start].ToString(CultureInfo.InvariantCulture));
            if (end > start)
            {
                text.Append(end == start + 1 ? ',' : '-');
                text.Append(sorted[end].ToString(CultureInfo.InvariantCulture));
            }
            start = end + 1;
        }
        return text.ToString();
    }
}
