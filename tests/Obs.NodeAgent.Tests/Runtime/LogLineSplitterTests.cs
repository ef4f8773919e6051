using System.Text;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

public sealed class LogLineSplitterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"obs-splitter-{Guid.NewGuid():N}");

    [Fact]
    public void LinesAreWrittenAsTheirNewlinesComeWhateverPiecesTheyArriveIn()
    {
        var lines = Split(["one\ntw", "o\n", "three", "\nfour\nfive"]);
        Assert.Equal([(false, "one"), (false, "two"), (false, "three"), (false, "four"), (false, "five")], lines);
    }

    [Fact]
    public void ALineLongerThanTheLimitIsWrittenInPartialPieces()
    {
        var longLine = new string('x', ContainerLogWriter.MaxLineBytes + 10);
        var exact = new string('y', ContainerLogWriter.MaxLineBytes);
        var lines = Split([longLine[..100], longLine[100..] + "\n" + exact + "\nend\n"]);
        Assert.Equal([(true, new string('x', ContainerLogWriter.MaxLineBytes)), (false, new string('x', 10)), (false, exact), (false, "end")], lines);
    }

    [Fact]
    public void NothingIsWrittenForOutputWithoutText() => Assert.Empty(Split([]));

    private List<(bool Partial, string Text)> Split(IEnumerable<string> pieces)
    {
        using (var writer = new ContainerLogWriter(_directory, 0))
        {
            var splitter = new LogLineSplitter(writer, LogStream.Stdout);
            foreach (var piece in pieces) splitter.Append(Encoding.UTF8.GetBytes(piece));
            splitter.Flush();
        }
        var path = Path.Combine(_directory, ContainerLogWriter.LogFileName(0));
        return [.. File.ReadAllLines(path).Select(l =>
        {
            Assert.True(LogLine.TryParse(l, out var line), l);
            return (line.Partial, line.Text);
        })];
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
