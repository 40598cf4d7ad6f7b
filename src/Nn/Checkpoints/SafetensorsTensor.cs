// One named tensor of a safetensors file at the raw level: dtype, shape and little-endian row-major bytes.
// Helpers build it from float[]/long[]/int[] and read it back as float[] (from F32/F64/F16/BF16) or long[].
using System.Buffers.Binary;

namespace Engine.Nn.Checkpoints;

public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, int[] Shape, byte[] Data)
{
    /// <summary>Product of the shape (1 for a scalar, shape []).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int dim in Shape)
            {
                count = checked(count * dim);
            }
            return count;
        }
    }

    public static SafetensorsTensor FromFloats(string name, float[] values, params int[] shape)
    {
        CheckCount(name, values.Length, shape);
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        }
        return new SafetensorsTensor(name, SafetensorsDType.F32, shape, data);
    }

    public static SafetensorsTensor FromLongs(string name, long[] values, params int[] shape)
    {
        CheckCount(name, values.Length, shape);
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), values[i]);
        }
        return new SafetensorsTensor(name, SafetensorsDType.I64, shape, data);
    }

    public static SafetensorsTensor FromInts(string name, int[] values, params int[] shape)
    {
        CheckCount(name, values.Length, shape);
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), values[i]);
        }
        return new SafetensorsTensor(name, SafetensorsDType.I32, shape, data);
    }

    /// <summary>The values as float32; F64 is rounded, F16 and BF16 are widened exactly.</summary>
    public float[] ToFloats()
    {
        CheckData();
        int count = (int)ElementCount;
        var values = new float[count];
        ReadOnlySpan<byte> data = Data;
        for (int i = 0; i < count; i++)
        {
            values[i] = DType switch
            {
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]),
                SafetensorsDType.F64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]),
                SafetensorsDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]),
                SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) << 16),
                _ => throw new InvalidOperationException(
                    $"Tensor '{Name}' has dtype {DType}; ToFloats reads F32, F64, F16 or BF16. Use ToLongs for integer tensors."),
            };
        }
        return values;
    }

    /// <summary>The values as int64, from any integer or BOOL dtype (U64 above long.MaxValue throws InvalidDataException).</summary>
    public long[] ToLongs()
    {
        CheckData();
        int count = (int)ElementCount;
        var values = new long[count];
        ReadOnlySpan<byte> data = Data;
        for (int i = 0; i < count; i++)
        {
            values[i] = DType switch
            {
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                SafetensorsDType.U64 => ToLong(BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]), i),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]),
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]),
                SafetensorsDType.I8 => (sbyte)data[i],
                SafetensorsDType.U8 or SafetensorsDType.BOOL => data[i],
                _ => throw new InvalidOperationException(
                    $"Tensor '{Name}' has dtype {DType}; ToLongs reads integer and BOOL tensors. Use ToFloats for floating-point tensors."),
            };
        }
        return values;
    }

    private long ToLong(ulong value, int index) => value <= long.MaxValue ? (long)value
        : throw new InvalidDataException($"Tensor '{Name}' (U64) holds {value} at element {index}, above the int64 maximum {long.MaxValue}.");

    /// <summary>Throws unless Data holds exactly product(Shape) elements of DType and no dim is negative.</summary>
    public void CheckData()
    {
        if (string.IsNullOrEmpty(Name))
        {
            throw new ArgumentException("A safetensors tensor needs a non-empty name.");
        }
        foreach (int dim in Shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException(
                    $"Tensor '{Name}' has shape [{string.Join(", ", Shape)}] with a negative dimension; dimensions must be >= 0.");
            }
        }
        ulong? expected = DType.ByteSize((ulong)ElementCount);
        if (expected is null)
        {
            throw new ArgumentException(
                $"Tensor '{Name}': {ElementCount} elements of {DType} ({DType.BitSize()} bits) are not a whole number of bytes.");
        }
        if ((ulong)Data.Length != expected)
        {
            throw new ArgumentException(
                $"Tensor '{Name}' ({DType}, shape [{string.Join(", ", Shape)}]) needs {expected} bytes of data " +
                $"but has {Data.Length}; make Data hold exactly product(shape) * element size bytes.");
        }
    }

    private static void CheckCount(string name, int valueCount, int[] shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            count *= dim;
        }
        if (count != valueCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(", ", shape)}] holds {count} elements but {valueCount} values were given.");
        }
    }
}
