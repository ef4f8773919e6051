using System.Buffers;
using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

/// <summary>Runs a writer over a fresh buffer and returns the text it produced.</summary>
internal static class Rendered
{
    public static string Text(Action<MetricsWriter> write, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MetricsWriter(buffer, format);
        write(writer);
        writer.WriteEnd();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
