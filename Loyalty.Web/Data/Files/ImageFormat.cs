using System.Buffers.Binary;

namespace Loyalty.Web.Data.Files;

/// <summary>
/// What an uploaded file is, read from its structure rather than its first bytes alone: a PNG's chunks from the header to
/// IEND, a JPEG's segments up to a frame header and its end marker, a WebP's RIFF size and its VP8/VP8L/VP8X header, each
/// with sane dimensions. A text or HTML file given an image's signature (a polyglot) is refused.
/// </summary>
public static class ImageFormat
{
    public const int MaxSide = 10_000;

    public sealed record Image(string Extension, string ContentType, int Width, int Height);

    public static Image? Read(ReadOnlySpan<byte> b) => Png(b) ?? Jpeg(b) ?? WebP(b);

    private static bool Sane(int width, int height) => width is > 0 and <= MaxSide && height is > 0 and <= MaxSide;

    private static Image? Png(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (b.Length < 8 + 25 + 12 || !b[..8].SequenceEqual(signature)) return null;
        // IHDR first (13 bytes), then chunks laid end to end, each with a 4-byte CRC, up to IEND, which ends the file.
        if (BinaryPrimitives.ReadUInt32BigEndian(b[8..]) != 13 || !b[12..16].SequenceEqual("IHDR"u8)) return null;
        var width = BinaryPrimitives.ReadInt32BigEndian(b[16..]);
        var height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
        if (!Sane(width, height)) return null;
        var at = 8;
        var sawData = false;
        while (at + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
            var type = b.Slice(at + 4, 4);
            if (length > int.MaxValue || at + 12 + (long)length > b.Length) return null;
            foreach (var c in type) if (!char.IsAsciiLetter((char)c)) return null;
            sawData |= type.SequenceEqual("IDAT"u8);
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8)) return at == b.Length && sawData && length == 0 ? new Image(".png", "image/png", width, height) : null;
        }
        return null;
    }

    private static Image? Jpeg(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF || b[^2] != 0xFF || b[^1] != 0xD9) return null;
        var at = 2;
        // Marker segments (FF xx, 2-byte length including itself) until a start-of-frame, which holds the dimensions.
        while (at + 4 <= b.Length)
        {
            if (b[at] != 0xFF) return null;
            var marker = b[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]);
            if (length < 2 || at + 2 + length > b.Length) return null;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8) return null;
                var height = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 7)..]);
                return Sane(width, height) ? new Image(".jpg", "image/jpeg", width, height) : null;
            }
            if (marker is 0xD9 or 0xDA) return null; // the image ended or its data began without a frame header
            at += 2 + length;
        }
        return null;
    }

    private static Image? WebP(ReadOnlySpan<byte> b)
    {
        if (b.Length < 30 || !b[..4].SequenceEqual("RIFF"u8) || !b[8..12].SequenceEqual("WEBP"u8)) return null;
        // The RIFF size covers the rest of the file exactly (chunks are padded to even length).
        if (BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) != b.Length - 8) return null;
        var chunk = b[12..16];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(b[16..]);
        if (size > b.Length - 20) return null;
        var data = b.Slice(20, (int)size);
        int width, height;
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            if (data.Length < 10 || data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A) return null;
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then 14 bits width-1 and 14 bits height-1.
            if (data.Length < 5 || data[0] != 0x2F) return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (4 bytes), then 24-bit canvas width-1 and height-1.
            if (data.Length < 10) return null;
            width = (data[4] | data[5] << 8 | data[6] << 16) + 1;
            height = (data[7] | data[8] << 8 | data[9] << 16) + 1;
        }
        else return null;
        return Sane(width, height) ? new Image(".webp", "image/webp", width, height) : null;
    }
}
