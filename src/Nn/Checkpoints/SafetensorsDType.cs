// The element types of the safetensors format (huggingface/safetensors `enum Dtype`), with their bit sizes.
// Declared in the reference's order of increasing alignment: the writer sorts tensors by this order, descending.
namespace Engine.Nn.Checkpoints;

public enum SafetensorsDType
{
    BOOL,
    F4,
    F6_E2M3,
    F6_E3M2,
    U8,
    I8,
    F8_E5M2,
    F8_E4M3,
    F8_E4M3FNUZ,
    F8_E5M2FNUZ,
    F8_E8M0,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    C64,
    F64,
    I64,
    U64,
}

public static class SafetensorsDTypeInfo
{
    /// <summary>Bits per element: 4 and 6 for the packed small floats, 8 to 64 for the rest.</summary>
    public static int BitSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F4 => 4,
        SafetensorsDType.F6_E2M3 or SafetensorsDType.F6_E3M2 => 6,
        SafetensorsDType.BOOL or SafetensorsDType.U8 or SafetensorsDType.I8 => 8,
        SafetensorsDType.F8_E5M2 or SafetensorsDType.F8_E4M3 => 8,
        SafetensorsDType.F8_E4M3FNUZ or SafetensorsDType.F8_E5M2FNUZ or SafetensorsDType.F8_E8M0 => 8,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 16,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 32,
        SafetensorsDType.C64 or SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>Bytes per element; throws for the 4- and 6-bit types, which have no whole byte size.</summary>
    public static int ElementSize(this SafetensorsDType dtype)
    {
        int bits = dtype.BitSize();
        if (bits % 8 != 0)
        {
            throw new InvalidOperationException(
                $"dtype {dtype} packs {bits}-bit elements and has no per-element byte size; use ByteSize(elementCount).");
        }
        return bits / 8;
    }

    /// <summary>Bytes taken by <paramref name="elementCount"/> elements, or null if that is not a whole number of bytes.</summary>
    public static ulong? ByteSize(this SafetensorsDType dtype, ulong elementCount)
    {
        ulong bits = checked(elementCount * (ulong)dtype.BitSize());
        return bits % 8 == 0 ? bits / 8 : null;
    }

    /// <summary>The header spelling ("F32", "BF16", ...); identical to the enum member name.</summary>
    public static string HeaderName(this SafetensorsDType dtype) => dtype.ToString();

    /// <summary>Parses a header dtype string exactly (case-sensitive, no numbers), as the reference reader does.</summary>
    public static bool TryParse(string text, out SafetensorsDType dtype)
    {
        foreach (var candidate in Enum.GetValues<SafetensorsDType>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.Ordinal))
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }
}
