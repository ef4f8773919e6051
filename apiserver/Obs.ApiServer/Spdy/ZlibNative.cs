using System.Runtime.InteropServices;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// The system zlib (<c>libz.so.1</c>, in every Debian install), called directly because SPDY header
/// blocks need a preset dictionary and .NET's ZLibStream cannot take one. The layout of
/// <see cref="ZStream"/> is zlib's <c>z_stream</c> on a 64-bit Linux (uLong is 8 bytes there).
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Lib = "libz.so.1";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int BufferError = -5;
    public const int SyncFlush = 2;
    public const int DefaultCompression = -1;

    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public nint Msg;
        public nint State;
        public nint Alloc;
        public nint Free;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [LibraryImport(Lib, EntryPoint = "zlibVersion")]
    public static partial byte* Version();

    [LibraryImport(Lib, EntryPoint = "inflateInit_")]
    public static partial int InflateInit(ZStream* stream, byte* version, int streamSize);

    [LibraryImport(Lib, EntryPoint = "inflateSetDictionary")]
    public static partial int InflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Lib, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Lib, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    [LibraryImport(Lib, EntryPoint = "deflateInit_")]
    public static partial int DeflateInit(ZStream* stream, int level, byte* version, int streamSize);

    [LibraryImport(Lib, EntryPoint = "deflateSetDictionary")]
    public static partial int DeflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Lib, EntryPoint = "deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Lib, EntryPoint = "deflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    /// <summary>
    /// Runs <paramref name="step"/> (an inflate or a deflate with a sync flush) over all of
    /// <paramref name="input"/>, growing the output as it fills, until zlib has taken every byte and
    /// returned with output space to spare: then nothing is held back inside zlib.
    /// </summary>
    public static byte[] Pump(ZStream* stream, ReadOnlySpan<byte> input, int initialOutput, Func<int> step)
    {
        var output = new byte[initialOutput];
        var written = 0;
        fixed (byte* source = input)
        {
            stream->NextIn = source;
            stream->AvailIn = (uint)input.Length;
            while (true)
            {
                if (written == output.Length) Array.Resize(ref output, output.Length * 2);
                int result;
                fixed (byte* target = output)
                {
                    stream->NextOut = target + written;
                    stream->AvailOut = (uint)(output.Length - written);
                    result = step();
                    written = output.Length - (int)stream->AvailOut;
                    stream->NextOut = null;
                }
                if (result is not (Ok or BufferError or StreamEnd)) throw new InvalidDataException($"zlib failed ({result})");
                if (stream->AvailIn == 0 && (written < output.Length || result == BufferError)) break;
            }
            stream->NextIn = null;
        }
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>A zeroed z_stream in native memory: zlib keeps a pointer back to it, so it must never move.</summary>
    public static ZStream* Allocate() => (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));

    public static void Release(ZStream* stream) => NativeMemory.Free(stream);
}
