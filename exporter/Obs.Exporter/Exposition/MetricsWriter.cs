using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Obs.Exporter.Exposition;

/// <summary>
/// Writes metric families in the Prometheus text format 0.0.4 or OpenMetrics 1.0 straight into an
/// <see cref="IBufferWriter{T}"/>: names, escaped label values and numbers are encoded into the buffer's
/// own memory, so a collector that keeps its names as constants writes a whole scrape without allocating.
/// </summary>
/// <remarks>
/// Names are given as they appear in the Prometheus text format: a counter family is named with its
/// <c>_total</c> suffix (<c>node_cpu_seconds_total</c>) and its samples carry that name; in OpenMetrics the
/// writer drops the suffix from the metadata lines. Each family is a header followed by its samples, so
/// a family's lines are always contiguous; a family name may be written once per scrape.
/// </remarks>
public sealed class MetricsWriter
{
    private const string TotalSuffix = "_total";
    private static readonly SearchValues<char> LabelValueEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<byte> LabelValueEscapesUtf8 = SearchValues.Create("\\\"\n"u8);
    private static readonly SearchValues<char> TextHelpEscapes = SearchValues.Create("\\\n");

    private readonly HashSet<string> families = new(StringComparer.Ordinal);
    private IBufferWriter<byte> output;
    private string? family;
    private MetricFamilyType familyType;
    private bool sampleOpen;
    private bool ended;

    public MetricsWriter(IBufferWriter<byte> output, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        this.output = output;
        Format = format;
    }

    public ExpositionFormat Format { get; private set; }

    public string ContentType => ContentTypes.For(Format);

    /// <summary>The stream the next bytes go to; the registry points it at a scratch buffer per family.</summary>
    internal IBufferWriter<byte> Output
    {
        get => output;
        set => output = value;
    }

    /// <summary>
    /// Starts a family. <paramref name="unit"/> (e.g. <c>seconds</c>) only appears in OpenMetrics and must be
    /// the family name's suffix; <paramref name="help"/> may be null when there is none.
    /// </summary>
    public void WriteHeader(string name, MetricFamilyType type, string? help, string? unit = null)
    {
        EnsureNoOpenSample();
        if (!NameRules.IsMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name.", nameof(name));
        }
        if (type == MetricFamilyType.Counter && (!name.EndsWith(TotalSuffix, StringComparison.Ordinal) || name.Length == TotalSuffix.Length))
        {
            throw new ArgumentException($"Counter '{name}' must be named with its _total suffix.", nameof(name));
        }
        // OpenMetrics names a counter family without _total; its unit must end that name, in either format.
        var openMetricsName = type == MetricFamilyType.Counter ? name.AsSpan(0, name.Length - TotalSuffix.Length) : name.AsSpan();
        if (!string.IsNullOrEmpty(unit) && !HasUnitSuffix(openMetricsName, unit))
        {
            throw new ArgumentException($"Unit '{unit}' must be the suffix of the family name '{openMetricsName}'.", nameof(unit));
        }
        var metadataName = Format == ExpositionFormat.OpenMetrics ? openMetricsName : name.AsSpan();

        StartFamily(name, type);
        if (Format == ExpositionFormat.OpenMetrics)
        {
            WriteMetadata("# TYPE "u8, metadataName);
            WriteAscii(type switch
            {
                MetricFamilyType.Counter => "counter\n"u8,
                MetricFamilyType.Gauge => "gauge\n"u8,
                MetricFamilyType.Histogram => "histogram\n"u8,
                _ => "unknown\n"u8,
            });
            if (!string.IsNullOrEmpty(unit))
            {
                WriteMetadata("# UNIT "u8, metadataName);
                WriteUtf8(unit);
                WriteByte((byte)'\n');
            }
            if (!string.IsNullOrEmpty(help))
            {
                WriteMetadata("# HELP "u8, metadataName);
                WriteEscaped(help, LabelValueEscapes);
                WriteByte((byte)'\n');
            }
            return;
        }

        if (!string.IsNullOrEmpty(help))
        {
            WriteMetadata("# HELP "u8, metadataName);
            WriteEscaped(help, TextHelpEscapes);
            WriteByte((byte)'\n');
        }
        WriteMetadata("# TYPE "u8, metadataName);
        WriteAscii(type switch
        {
            MetricFamilyType.Counter => "counter\n"u8,
            MetricFamilyType.Gauge => "gauge\n"u8,
            MetricFamilyType.Histogram => "histogram\n"u8,
            _ => "untyped\n"u8,
        });
    }

    /// <summary>Starts a family whose metadata lines were encoded once (<see cref="MetricHeader"/>): one copy per scrape.</summary>
    public void WriteHeader(MetricHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        EnsureNoOpenSample();
        StartFamily(header.Name, header.Type);
        WriteAscii(header.For(Format));
    }

    private void StartFamily(string name, MetricFamilyType type)
    {
        if (!families.Add(name))
        {
            throw new InvalidOperationException($"Metric family '{name}' was already written in this exposition.");
        }
        family = name;
        familyType = type;
    }

    /// <summary>
    /// Starts one sample of the current family: <paramref name="name"/> is the family name, or for a
    /// histogram the family name plus <c>_bucket</c>, <c>_sum</c> or <c>_count</c>. Add labels, then call
    /// <see cref="SampleWriter.Value(double)"/>.
    /// </summary>
    public SampleWriter BeginSample(string name)
    {
        EnsureNoOpenSample();
        if (family is null)
        {
            throw new InvalidOperationException($"Sample '{name}' has no family: call {nameof(WriteHeader)} first.");
        }
        if (!BelongsToFamily(name))
        {
            throw new InvalidOperationException($"Sample '{name}' does not belong to the current family '{family}' ({familyType}).");
        }
        WriteUtf8(name);
        sampleOpen = true;
        return new SampleWriter(this);
    }

    public void WriteSample(string name, double value) => BeginSample(name).Value(value);

    public void WriteSample(string name, long value) => BeginSample(name).Value(value);

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value)
    {
        var sample = BeginSample(name);
        foreach (var label in labels)
        {
            sample = sample.Label(label.Name, label.Value);
        }
        sample.Value(value);
    }

    public void WriteSample(string name, ReadOnlySpan<Label> labels, long value)
    {
        var sample = BeginSample(name);
        foreach (var label in labels)
        {
            sample = sample.Label(label.Name, label.Value);
        }
        sample.Value(value);
    }

    /// <summary>
    /// Writes one histogram series of the current histogram family <paramref name="name"/>:
    /// <c>_bucket</c> lines for the finite, ascending <paramref name="upperBounds"/> with their cumulative
    /// counts, the <c>le="+Inf"</c> bucket equal to <paramref name="count"/>, then <c>_sum</c> and <c>_count</c>.
    /// </summary>
    public void WriteHistogram(string name, ReadOnlySpan<Label> labels, ReadOnlySpan<double> upperBounds,
        ReadOnlySpan<long> cumulativeCounts, long count, double sum)
    {
        if (familyType != MetricFamilyType.Histogram || !string.Equals(name, family, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Histogram '{name}' is not the current family '{family}' ({familyType}).");
        }
        if (upperBounds.Length != cumulativeCounts.Length)
        {
            throw new ArgumentException("Each upper bound needs exactly one cumulative count.", nameof(cumulativeCounts));
        }
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
            {
                throw new ArgumentException("Upper bounds must be finite and strictly ascending; +Inf is written from the count.", nameof(upperBounds));
            }
        }

        for (var i = 0; i < upperBounds.Length; i++)
        {
            WithLabels(BeginSuffixedSample(name, "_bucket"), labels).Label("le", upperBounds[i]).Value(cumulativeCounts[i]);
        }
        WithLabels(BeginSuffixedSample(name, "_bucket"), labels).Label("le", double.PositiveInfinity).Value(count);
        WithLabels(BeginSuffixedSample(name, "_sum"), labels).Value(sum);
        WithLabels(BeginSuffixedSample(name, "_count"), labels).Value(count);
    }

    /// <summary>Ends the exposition: OpenMetrics requires a closing <c># EOF</c>; the text format needs nothing.</summary>
    public void WriteEnd()
    {
        EnsureNoOpenSample();
        if (Format == ExpositionFormat.OpenMetrics)
        {
            WriteAscii("# EOF\n"u8);
        }
        ended = true;
        family = null;
    }

    /// <summary>True between <see cref="BeginSample(string)"/> and the sample's value.</summary>
    internal bool SampleOpen => sampleOpen;

    /// <summary>Makes the writer ready for the next scrape without giving up its memory.</summary>
    internal void Reset(IBufferWriter<byte> destination, ExpositionFormat format)
    {
        output = destination;
        Format = format;
        families.Clear();
        family = null;
        sampleOpen = false;
        ended = false;
    }

    /// <summary>Forgets a family whose writing failed half way; its bytes went to a scratch buffer that is dropped.</summary>
    internal void AbandonFamily()
    {
        family = null;
        sampleOpen = false;
    }

    /// <summary>A histogram sample name from the family name and suffix, without building the string.</summary>
    internal SampleWriter BeginSuffixedSample(string familyName, string suffix)
    {
        EnsureNoOpenSample();
        WriteUtf8(familyName);
        WriteUtf8(suffix);
        sampleOpen = true;
        return new SampleWriter(this);
    }

    internal void WriteLabelName(string name, bool first)
    {
        if (!NameRules.IsLabelName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid label name.", nameof(name));
        }
        WriteByte(first ? (byte)'{' : (byte)',');
        WriteUtf8(name);
        WriteAscii("=\""u8);
    }

    internal void WriteLabelValue(ReadOnlySpan<char> value)
    {
        WriteEscaped(value, LabelValueEscapes);
        WriteByte((byte)'"');
    }

    internal void WriteLabelValue(ReadOnlySpan<byte> utf8Value)
    {
        if (!Utf8.IsValid(utf8Value))
        {
            // Prometheus rejects invalid UTF-8; replacement characters keep the series readable.
            WriteLabelValue(Encoding.UTF8.GetString(utf8Value));
            return;
        }
        while (true)
        {
            var next = utf8Value.IndexOfAny(LabelValueEscapesUtf8);
            WriteAscii(next < 0 ? utf8Value : utf8Value[..next]);
            if (next < 0)
            {
                break;
            }
            WriteAscii(Escape((char)utf8Value[next]));
            utf8Value = utf8Value[(next + 1)..];
        }
        WriteByte((byte)'"');
    }

    internal void WriteLabelValue(double value)
    {
        WriteNumber(value);
        WriteByte((byte)'"');
    }

    internal void WriteLabelValue(long value)
    {
        var span = output.GetSpan(PrometheusNumber.MaxLength);
        output.Advance(PrometheusNumber.Format(value, span));
        WriteByte((byte)'"');
    }

    internal void EndSample(bool hasLabels, double value)
    {
        EndSampleName(hasLabels);
        WriteNumber(value);
        WriteByte((byte)'\n');
    }

    internal void EndSample(bool hasLabels, long value)
    {
        EndSampleName(hasLabels);
        var span = output.GetSpan(PrometheusNumber.MaxLength);
        output.Advance(PrometheusNumber.Format(value, span));
        WriteByte((byte)'\n');
    }

    private static SampleWriter WithLabels(SampleWriter sample, ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            sample = sample.Label(label.Name, label.Value);
        }
        return sample;
    }

    private static bool HasUnitSuffix(ReadOnlySpan<char> name, string unit) =>
        name.Length > unit.Length + 1 && name.EndsWith(unit, StringComparison.Ordinal) && name[^(unit.Length + 1)] == '_';

    private static ReadOnlySpan<byte> Escape(char c) => c switch
    {
        '\n' => "\\n"u8,
        '"' => "\\\""u8,
        _ => "\\\\"u8,
    };

    private bool BelongsToFamily(string name)
    {
        if (familyType != MetricFamilyType.Histogram)
        {
            return string.Equals(name, family, StringComparison.Ordinal);
        }
        var span = name.AsSpan();
        if (!span.StartsWith(family, StringComparison.Ordinal))
        {
            return false;
        }
        var suffix = span[family!.Length..];
        return suffix.SequenceEqual("_bucket") || suffix.SequenceEqual("_sum") || suffix.SequenceEqual("_count");
    }

    private void EndSampleName(bool hasLabels)
    {
        if (!sampleOpen)
        {
            throw new InvalidOperationException("This sample already has its value.");
        }
        sampleOpen = false;
        if (hasLabels)
        {
            WriteAscii("} "u8);
        }
        else
        {
            WriteByte((byte)' ');
        }
    }

    private void EnsureNoOpenSample()
    {
        if (sampleOpen)
        {
            throw new InvalidOperationException("The previous sample was never given its value.");
        }
        if (ended)
        {
            throw new InvalidOperationException("The exposition has already ended.");
        }
    }

    private void WriteMetadata(ReadOnlySpan<byte> keyword, ReadOnlySpan<char> name)
    {
        WriteAscii(keyword);
        WriteUtf8(name);
        WriteByte((byte)' ');
    }

    private void WriteNumber(double value)
    {
        var span = output.GetSpan(PrometheusNumber.MaxLength);
        output.Advance(PrometheusNumber.Format(value, span, Format == ExpositionFormat.OpenMetrics));
    }

    private void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> escapes)
    {
        while (true)
        {
            var next = text.IndexOfAny(escapes);
            WriteUtf8(next < 0 ? text : text[..next]);
            if (next < 0)
            {
                return;
            }
            WriteAscii(Escape(text[next]));
            text = text[(next + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteAscii(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
