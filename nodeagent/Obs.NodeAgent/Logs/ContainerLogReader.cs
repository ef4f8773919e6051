using System.Runtime.CompilerServices;
using System.Text;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Logs;

/// <summary>
/// Reads a container log written by <see cref="ContainerLogWriter"/>: rotated files oldest first,
/// then the current one; keeps the last N lines for --tail, drops lines before --since, and with
/// follow keeps reading new lines, across rotations, until the writer is closed or the caller
/// cancels.
/// </summary>
public static class ContainerLogReader
{
    public static async IAsyncEnumerable<LogLine> ReadAsync(
        string directory,
        int restartCount,
        LogReadOptions options,
        Func<bool>? writerClosed = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fileName = ContainerLogWriter.LogFileName(restartCount);
        var currentPath = Path.Combine(directory, fileName);
        var tail = options.TailLines is { } n ? new Queue<LogLine>(Math.Max(0, n)) : null;
        var earlier = new List<LogLine>();

        void Keep(LogLine line)
        {
            if (options.Since is { } since && line.Time < since)
            {
                return;
            }
            if (tail is null)
            {
                earlier.Add(line);
                return;
            }
            if (options.TailLines <= 0)
            {
                return;
            }
            if (tail.Count == options.TailLines)
            {
                tail.Dequeue();
            }
            tail.Enqueue(line);
        }

        foreach (var rotated in ContainerLogWriter.RotatedFiles(directory, fileName))
        {
            foreach (var line in ReadWhole(rotated))
            {
                Keep(line);
            }
        }

        // The current file stays open, so a follower keeps its place in it when it is rotated.
        FileStream? current = TryOpen(currentPath);
        var pending = new LineBuffer();
        if (current is not null)
        {
            foreach (var line in ReadAvailable(current, pending))
            {
                Keep(line);
            }
        }
        foreach (var line in tail ?? (IEnumerable<LogLine>)earlier)
        {
            yield return line;
        }
        if (!options.Follow)
        {
            current?.Dispose();
            yield break;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var closed = writerClosed?.Invoke() ?? false;
                current ??= TryOpen(currentPath);
                if (current is not null)
                {
                    foreach (var line in ReadAvailable(current, pending))
                    {
                        if (options.Since is not { } since || line.Time >= since)
                        {
                            yield return line;
                        }
                    }
                    var held = Libc.InodeOf(current.SafeFileHandle);
                    if (Libc.InodeOf(currentPath) is var inode && inode != -1 && inode != held)
                    {
                        // Rotated: what we had is read to its end. Files rotated after it (the
                        // writer may have rotated more than once since we looked) come next,
                        // then the new current file from its start.
                        current.Dispose();
                        current = null;
                        pending = new LineBuffer();
                        var rotated = ContainerLogWriter.RotatedFiles(directory, fileName);
                        var ours = rotated.ToList().FindIndex(f => Libc.InodeOf(f) == held);
                        foreach (var later in ours < 0 ? [] : rotated.Skip(ours + 1))
                        {
                            foreach (var line in ReadWhole(later))
                            {
                                if (options.Since is not { } since || line.Time >= since)
                                {
                                    yield return line;
                                }
                            }
                        }
                        continue;
                    }
                }
                if (closed)
                {
                    yield break;
                }
                try
                {
                    await Task.Delay(options.PollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static IEnumerable<LogLine> ReadWhole(string path)
    {
        using var file = TryOpen(path);
        if (file is null)
        {
            return [];
        }
        return ReadAvailable(file, new LineBuffer());
    }

    /// <summary>Reads to the current end; a line still being written waits in <paramref name="pending"/>.</summary>
    private static List<LogLine> ReadAvailable(FileStream file, LineBuffer pending)
    {
        var lines = new List<LogLine>();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            pending.Append(buffer.AsSpan(0, read), lines);
        }
        return lines;
    }

    /// <summary>Bytes up to the next newline; a UTF-8 character split between reads waits in the decoder.</summary>
    private sealed class LineBuffer
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _text = new();

        public void Append(ReadOnlySpan<byte> bytes, List<LogLine> lines)
        {
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            var count = _decoder.GetChars(bytes, chars, flush: false);
            foreach (var c in chars.AsSpan(0, count))
            {
                if (c != '\n')
                {
                    _text.Append(c);
                    continue;
                }
                if (LogLine.TryParse(_text.ToString(), out var line))
                {
                    lines.Add(line);
                }
                _text.Clear();
            }
        }
    }
}
