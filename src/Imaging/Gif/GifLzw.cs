// GIF's variable-width LZW (codes of 3 to 12 bits, packed least significant bit first into sub-blocks of at
// most 255 bytes). The code-width rule matches decoders such as giflib: the width grows after the code whose
// count since the last clear makes the next code number reach 2^width, and a clear is sent when 4095 is used.
namespace Engine.Imaging;

internal static class GifLzw
{
    private const int MaxCode = 4095;
    private const int TableBits = 13; // open-addressing table of 8192 slots for at most 4096 entries

    /// <summary>Writes the minimum code size byte, the LZW sub-blocks and the zero-length terminator.</summary>
    public static void Encode(ReadOnlySpan<byte> indices, int minCodeSize, Stream output)
    {
        output.WriteByte((byte)minCodeSize);
        var bits = new SubBlockWriter(output);
        int clearCode = 1 << minCodeSize;
        int endCode = clearCode + 1;
        var keys = new int[1 << TableBits];
        var codes = new short[1 << TableBits];
        var stamps = new int[1 << TableBits]; // a slot is used when its stamp equals the current generation
        int generation = 1;

        int codeSize = minCodeSize + 1;
        int lastCode = endCode; // 257 + codes sent since the clear: the decoder's next free entry
        bits.Write(clearCode, codeSize);
        int current = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int key = (current << 8) | indices[i];
            int slot = Find(keys, stamps, generation, key);
            if (stamps[slot] == generation)
            {
                current = codes[slot];
                continue;
            }
            bits.Write(current, codeSize);
            lastCode++;
            stamps[slot] = generation;
            keys[slot] = key;
            codes[slot] = (short)lastCode;
            if (lastCode >= 1 << codeSize && codeSize < 12)
            {
                codeSize++;
            }
            if (lastCode == MaxCode)
            {
                bits.Write(clearCode, codeSize);
                generation++;
                codeSize = minCodeSize + 1;
                lastCode = endCode;
            }
            current = indices[i];
        }
        bits.Write(current, codeSize);
        lastCode++; // the decoder counts the last code too, and may widen before reading the end code
        if (lastCode >= 1 << codeSize && codeSize < 12)
        {
            codeSize++;
        }
        bits.Write(endCode, codeSize);
        bits.Flush();
        output.WriteByte(0);
    }

    private static int Find(int[] keys, int[] stamps, int generation, int key)
    {
        int mask = (1 << TableBits) - 1;
        int slot = (int)(((uint)key * 2654435761u) >> (32 - TableBits));
        while (stamps[slot] == generation && keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    // Packs codes LSB-first and emits them as length-prefixed sub-blocks of up to 255 bytes.
    private sealed class SubBlockWriter(Stream output)
    {
        private readonly byte[] _block = new byte[256];
        private int _count;
        private int _buffer;
        private int _bitCount;

        public void Write(int code, int width)
        {
            _buffer |= code << _bitCount;
            _bitCount += width;
            while (_bitCount >= 8)
            {
                Put((byte)_buffer);
                _buffer >>= 8;
                _bitCount -= 8;
            }
        }

        public void Flush()
        {
            if (_bitCount > 0)
            {
                Put((byte)_buffer);
                _buffer = 0;
                _bitCount = 0;
            }
            if (_count > 0)
            {
                EmitBlock();
            }
        }

        private void Put(byte b)
        {
            _block[1 + _count++] = b;
            if (_count == 255)
            {
                EmitBlock();
            }
        }

        private void EmitBlock()
        {
            _block[0] = (byte)_count;
            output.Write(_block, 0, _count + 1);
            _count = 0;
        }
    }
}
