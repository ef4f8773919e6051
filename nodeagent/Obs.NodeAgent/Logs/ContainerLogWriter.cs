namespace Obs.NodeAgent.Logs;

/// <summary>
/// Writes one container run's stdout and stderr into <c>{directory}/{restartCount}.log</c> in CRI
/// format, rotating by size: the full file is renamed with a sortable time suffix and at most
/// <c>maxFiles</c> files (the current one included) are kept, as the kubelet's
/// containerLogMaxSize / containerLogMaxFiles do.
/// </summary>
public sealed class ContainerLogWriter : IDisposable
{
    /// <summary>Longer lines are cut into P pieces, as container runtimes do.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private readonly Lock _lock = new();
    private readonly string _directory;
    private readonly string _fileName;
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private readonly TimeProvider _time;
    private FileStream _file;
    private bool _closed;

    public ContainerLogWriter(string directory, int restartCount, long maxBytes = 10 * 1024 * 1024, int maxFiles = 5, TimeProvider? time = null)
    {
        _directory = directory;
        _fileName = LogFileName(restartCount);
        _maxBytes = maxBytes;
        _maxFiles = Math.Max(1, maxFiles);
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(directory);
        _file = Open();
    }

    public static string LogFileName(int restartCount) => $"{restartCount}.log";

    public string CurrentPath => Path.Combine(_directory, _fileName);

    /// <summary>True once the container's output has ended; followers stop at the end of the file.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    public void Write(LogStream stream, ReadOnlySpan<byte> text, bool partial = false)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            var line = LogLine.EncodeCri(_time.GetUtcNow(), stream, partial, text);
            if (_file.Length > 0 && _file.Length + line.Length > _maxBytes)
            {
                Rotate();
            }
            _file.Write(line);
            _file.Flush();
        }
    }

    private FileStream Open() =>
        new(CurrentPath, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete });

    private void Rotate()
    {
        _file.Dispose();
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        var rotated = CurrentPath + "." + stamp;
        for (var n = 1; File.Exists(rotated); n++)
        {
            rotated = $"{CurrentPath}.{stamp}-{n}";
        }
        File.Move(CurrentPath, rotated);
        foreach (var old in RotatedFiles(_directory, _fileName).SkipLast(_maxFiles - 1))
        {
            File.Delete(old);
        }
        _file = Open();
    }

    /// <summary>The rotated files of one log, oldest first.</summary>
    public static IReadOnlyList<string> RotatedFiles(string directory, string fileName) =>
        Directory.Exists(directory)
            // Filtered by hand: the pattern "0.log.*" also matches "0.log" itself in .NET.
            ? Directory.GetFiles(directory, fileName + ".*")
                .Where(f => Path.GetFileName(f).Length > fileName.Length + 1)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _file.Dispose();
        }
    }
}
