using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class TextfileCollectorTests
{
    // 2026-01-01T00:00:00Z
    private static readonly DateTime Mtime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FilesAreMergedByFamilyWithTheirMtimesAndNoError()
    {
        using var directory = new TemporaryDirectory();
        var a = Write(directory, "a.prom", """
            # HELP backup_last_success_timestamp_seconds When the backup last succeeded.
            # TYPE backup_last_success_timestamp_seconds gauge
            backup_last_success_timestamp_seconds{job="db"} 1.7e+09
            # TYPE apt_upgrades_pending gauge
            apt_upgrades_pending{origin="security",arch="amd64"} 2
            """);
        var b = Write(directory, "b.prom", """
            # TYPE backup_last_success_timestamp_seconds gauge
            backup_last_success_timestamp_seconds{job="files",host="n1"} 1.6e+09
            # TYPE jobs_run_total counter
            jobs_run_total 12
            """);
        Write(directory, "notes.txt", "not metrics at all {");

        Assert.Equal($$""""
            # HELP apt_upgrades_pending Metric read from {{a}}
            # TYPE apt_upgrades_pending gauge
            apt_upgrades_pending{arch="amd64",origin="security"} 2
            # HELP backup_last_success_timestamp_seconds When the backup last succeeded.
            # TYPE backup_last_success_timestamp_seconds gauge
            backup_last_success_timestamp_seconds{job="db"} 1.7e+09
            backup_last_success_timestamp_seconds{host="n1",job="files"} 1.6e+09
            # HELP jobs_run_total Metric read from {{b}}
            # TYPE jobs_run_total counter
            jobs_run_total 12
            # HELP node_textfile_mtime_seconds Unixtime mtime of textfiles successfully read.
            # TYPE node_textfile_mtime_seconds gauge
            node_textfile_mtime_seconds{file="{{a}}"} 1767225600
            node_textfile_mtime_seconds{file="{{b}}"} 1767225600
            # HELP node_textfile_scrape_error 1 if there was an error opening or reading a file, 0 otherwise
            # TYPE node_textfile_scrape_error gauge
            node_textfile_scrape_error 0

            """", NodeFixtures.Collect(new TextfileCollector([directory.Path])));
    }

    [Fact]
    public void AMalformedFileIsLeftOutWholeAndSetsTheErrorWithoutFailingTheScrape()
    {
        using var directory = new TemporaryDirectory();
        var good = Write(directory, "good.prom", "good_metric 1\n");
        var bad = Write(directory, "bad.prom", "bad_metric 1\nbad_metric{ 2\n");
        var stamped = Write(directory, "stamped.prom", "stamped_metric 1 1700000000000\n");
        var problems = new List<string>();
        var collector = new TextfileCollector([directory.Path]) { Error = (path, _) => problems.Add(path) };

        var text = NodeFixtures.Collect(collector);

        Assert.Contains("good_metric 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bad_metric", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stamped_metric", text, StringComparison.Ordinal);
        Assert.Contains($"node_textfile_mtime_seconds{{file=\"{good}\"}} 1767225600\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, text, StringComparison.Ordinal);
        Assert.EndsWith("node_textfile_scrape_error 1\n", text, StringComparison.Ordinal);
        Assert.Equal([bad, stamped], problems.Order(StringComparer.Ordinal));

        // Fixed on disk: read again (its size changed), and the error clears.
        File.WriteAllText(bad, "bad_metric 3\n");
        File.Delete(stamped);
        text = NodeFixtures.Collect(collector);
        Assert.Contains("bad_metric 3\n", text, StringComparison.Ordinal);
        Assert.EndsWith("node_textfile_scrape_error 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADirectoryOnlyTheErrorGaugeIsWritten()
    {
        Assert.Equal(""""
            # HELP node_textfile_scrape_error 1 if there was an error opening or reading a file, 0 otherwise
            # TYPE node_textfile_scrape_error gauge
            node_textfile_scrape_error 0

            """", NodeFixtures.Collect(new TextfileCollector([])));
    }

    [Fact]
    public void AMissingDirectoryIsAnError()
    {
        using var directory = new TemporaryDirectory();
        var text = NodeFixtures.Collect(new TextfileCollector([Path.Combine(directory.Path, "absent")]));
        Assert.EndsWith("node_textfile_scrape_error 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingFamiliesAndRepeatedSeriesAreDroppedWithAnError()
    {
        using var directory = new TemporaryDirectory();
        Write(directory, "1.prom", "# HELP shared Help one.\n# TYPE shared gauge\nshared{a=\"x\"} 1\n# TYPE typed gauge\ntyped 1\n");
        Write(directory, "2.prom", "# TYPE shared gauge\nshared{a=\"x\"} 2\nshared{a=\"y\"} 3\n# TYPE typed counter\ntyped 2\n");
        Write(directory, "3.prom", "# HELP shared Help three.\n# TYPE shared gauge\nshared{a=\"z\"} 4\n");

        var text = NodeFixtures.Collect(new TextfileCollector([directory.Path]));

        Assert.Contains("# HELP shared Help one.\n# TYPE shared gauge\nshared{a=\"x\"} 1\nshared{a=\"y\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("typed 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("typed 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("shared{a=\"z\"}", text, StringComparison.Ordinal);
        Assert.EndsWith("node_textfile_scrape_error 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HistogramsKeepTheirBucketsAndSummariesTheirSeries()
    {
        using var directory = new TemporaryDirectory();
        Write(directory, "h.prom", """
            # HELP job_duration_seconds How long jobs took.
            # TYPE job_duration_seconds histogram
            job_duration_seconds_bucket{job="a",le="1"} 2
            job_duration_seconds_bucket{job="a",le="0.5"} 1
            job_duration_seconds_bucket{job="a",le="+Inf"} 3
            job_duration_seconds_sum{job="a"} 4.5
            job_duration_seconds_count{job="a"} 3
            # TYPE rpc_seconds summary
            rpc_seconds{quantile="0.5"} 0.2
            rpc_seconds{quantile="0.99"} 0.9
            rpc_seconds_sum 10
            rpc_seconds_count 40
            """);

        var text = NodeFixtures.Collect(new TextfileCollector([directory.Path]));

        Assert.Contains(""""
            # HELP job_duration_seconds How long jobs took.
            # TYPE job_duration_seconds histogram
            job_duration_seconds_bucket{job="a",le="0.5"} 1
            job_duration_seconds_bucket{job="a",le="1"} 2
            job_duration_seconds_bucket{job="a",le="+Inf"} 3
            job_duration_seconds_sum{job="a"} 4.5
            job_duration_seconds_count{job="a"} 3
            """", text, StringComparison.Ordinal);
        Assert.Contains(""""
            # TYPE rpc_seconds untyped
            rpc_seconds{quantile="0.5"} 0.2
            rpc_seconds{quantile="0.99"} 0.9
            """", text, StringComparison.Ordinal);
        Assert.Contains("rpc_seconds_sum 10\n", text, StringComparison.Ordinal);
        Assert.Contains("rpc_seconds_count 40\n", text, StringComparison.Ordinal);
        Assert.EndsWith("node_textfile_scrape_error 0\n", text, StringComparison.Ordinal);
        NodeCollectorSetTests.AssertPromtoolAccepts(text);
    }

    [Fact]
    public void AGlobInTheLastComponentReadsEveryMatchingDirectory()
    {
        using var directory = new TemporaryDirectory();
        Write(directory, "one.d/x.prom", "from_one 1\n");
        Write(directory, "two.d/y.prom", "from_two 2\n");
        var text = NodeFixtures.Collect(new TextfileCollector([Path.Combine(directory.Path, "*.d")]));
        Assert.Contains("from_one 1\n", text, StringComparison.Ordinal);
        Assert.Contains("from_two 2\n", text, StringComparison.Ordinal);
        Assert.EndsWith("node_textfile_scrape_error 0\n", text, StringComparison.Ordinal);
    }

    private static string Write(TemporaryDirectory directory, string name, string content)
    {
        var path = directory.Write(name, content + "\n");
        File.SetLastWriteTimeUtc(path, Mtime);
        return path;
    }
}
