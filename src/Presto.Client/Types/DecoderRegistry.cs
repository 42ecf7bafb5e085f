namespace Presto.Types;

/// <summary>Finds the decoder of a type signature. CONTRACT STUB: every type decodes to its raw wire text.</summary>
internal static class DecoderRegistry
{
    public static ColumnDecoder Create(TypeSignature signature) => new RawJsonDecoder(signature);
}
